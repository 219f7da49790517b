import CDNNL

/// The mutable per-call state of a ``DNNLPrimitivePlan``: a stream, memory objects wrapping the callers' buffers
/// (their data handles are set at each call), library-allocated buffers in the primitive's blocked layouts, and
/// the scratchpads. A workspace is used by one call at a time (the plan's pool hands it out exclusively) and is
/// reused by later calls of the same plan, so steady-state calls allocate nothing.
final class DNNLWorkspace {
    let stream: dnnl_stream_t
    /// Memory objects in the callers' plain layouts; the data handle is replaced at every call.
    private(set) var userMemories: [dnnl_memory_t] = []
    /// Library-allocated memory in the primitive's layout, for operands that need a reorder (else `nil`).
    private(set) var blockedMemories: [dnnl_memory_t?] = []
    /// The data of `blockedMemories` (for operands copied through a `DNNLLayoutTable`; padding zeroed at creation).
    private(set) var blockedData: [UnsafeMutableRawPointer?] = []
    /// The primitive's scratchpad (nil when it needs none).
    private(set) var scratchpad: dnnl_memory_t?
    private var reorderScratchpads: [dnnl_memory_t?] = []
    /// Plain buffers owned by the workspace, created only by the benchmark's blocked-only run.
    private var ownedPlain: [Int: dnnl_memory_t] = [:]
    private let engine: dnnl_engine_t
    private let operands: [DNNLPrimitivePlan.Operand]

    /// The value of `DNNL_MEMORY_ALLOCATE` (the macro is not imported into Swift): the pointer with all bits set.
    private static var allocate: UnsafeMutableRawPointer? { UnsafeMutableRawPointer(bitPattern: -1) }

    init?(engine: dnnl_engine_t, operands: [DNNLPrimitivePlan.Operand], scratchpad: dnnl_memory_desc_t) {
        self.engine = engine
        self.operands = operands
        var createdStream: dnnl_stream_t?
        guard dnnl_stream_create(&createdStream, engine, dnnl_stream_default_flags.rawValue) == dnnl_success,
            let createdStream
        else { return nil }
        // From here on every stored property is initialised, so a failure below runs `deinit`, which frees
        // whatever was created so far.
        stream = createdStream
        for operand in operands {
            guard let user = Self.memory(operand.userDescriptor, engine, handle: nil) else { return nil }
            userMemories.append(user)
            if operand.isConverted {
                guard let blocked = Self.memory(operand.primitiveDescriptor, engine, handle: Self.allocate) else {
                    return nil
                }
                blockedMemories.append(blocked)
                var data: UnsafeMutableRawPointer?
                guard dnnl_memory_get_data_handle(blocked, &data) == dnnl_success, let data else { return nil }
                var blockedDescriptor = operand.primitiveDescriptor
                data.initializeMemory(as: UInt8.self, repeating: 0, count: dnnl_memory_desc_get_size(&blockedDescriptor))
                blockedData.append(data)
                var descriptor = operand.reorderScratchpad
                if dnnl_memory_desc_get_size(&descriptor) > 0 {
                    guard let memory = Self.memory(descriptor, engine, handle: Self.allocate) else { return nil }
                    reorderScratchpads.append(memory)
                } else {
                    reorderScratchpads.append(nil)
                }
            } else {
                blockedMemories.append(nil)
                blockedData.append(nil)
                reorderScratchpads.append(nil)
            }
        }
        var scratchpadDescriptor = scratchpad
        if dnnl_memory_desc_get_size(&scratchpadDescriptor) > 0 {
            guard let memory = Self.memory(scratchpad, engine, handle: Self.allocate) else { return nil }
            self.scratchpad = memory
        }
    }

    deinit {
        for memory in userMemories { dnnl_memory_destroy(memory) }
        for case let memory? in blockedMemories { dnnl_memory_destroy(memory) }
        for case let memory? in reorderScratchpads { dnnl_memory_destroy(memory) }
        for memory in ownedPlain.values { dnnl_memory_destroy(memory) }
        if let scratchpad { dnnl_memory_destroy(scratchpad) }
        dnnl_stream_destroy(stream)
    }

    /// Executes the reorder of operand `index` from `source` to `destination` on this workspace's stream.
    func reorder(
        _ operand: DNNLPrimitivePlan.Operand, index: Int, from source: dnnl_memory_t, to destination: dnnl_memory_t
    ) -> Bool {
        guard let reorder = operand.reorder else { return false }
        var arguments = [
            dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: source),
            dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: destination),
        ]
        if let scratchpad = reorderScratchpads[index] {
            arguments.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpad))
        }
        return dnnl_primitive_execute(reorder, stream, Int32(arguments.count), arguments) == dnnl_success
    }

    /// A library-allocated buffer in operand `index`'s plain layout (for operands that need no reorder).
    func ownedPlainMemory(index: Int) -> dnnl_memory_t? {
        if let existing = ownedPlain[index] { return existing }
        guard let memory = Self.memory(operands[index].userDescriptor, engine, handle: Self.allocate) else {
            return nil
        }
        ownedPlain[index] = memory
        return memory
    }

    private static func memory(
        _ descriptor: dnnl_memory_desc_t, _ engine: dnnl_engine_t, handle: UnsafeMutableRawPointer?
    ) -> dnnl_memory_t? {
        var descriptor = descriptor
        var memory: dnnl_memory_t?
        guard dnnl_memory_create(&memory, &descriptor, engine, handle) == dnnl_success else { return nil }
        return memory
    }
}
