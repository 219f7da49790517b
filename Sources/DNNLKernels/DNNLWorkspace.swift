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
    /// For weight inputs that need a conversion, the blocked copies already made (else `nil`).
    private(set) var weightCaches: [DNNLWeightCache?] = []
    /// The primitive's execution arguments, one per operand in operand order, then the scratchpad; built once
    /// (only a cached weight's memory changes between calls).
    private var arguments: [dnnl_exec_arg_t] = []
    /// Per operand, the arguments of its reorder (`FROM`, `TO`, optional scratchpad; `TO` set at each call), or
    /// an empty array.
    private var reorderArguments: [[dnnl_exec_arg_t]] = []
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
        for (index, operand) in operands.enumerated() {
            let user = userMemories[index]
            if operand.isConverted, operand.argument == DNNL_ARG_WEIGHTS, !operand.isOutput {
                var plain = operand.userDescriptor
                weightCaches.append(
                    DNNLWeightCache(
                        engine: engine, blocked: operand.primitiveDescriptor,
                        plainBytes: dnnl_memory_desc_get_size(&plain)))
            } else {
                weightCaches.append(nil)
            }
            arguments.append(dnnl_exec_arg_t(arg: operand.argument, memory: blockedMemories[index] ?? user))
            if operand.reorder != nil, let blocked = blockedMemories[index] {
                var reorderArgs = [
                    dnnl_exec_arg_t(arg: DNNL_ARG_FROM, memory: operand.isOutput ? blocked : user),
                    dnnl_exec_arg_t(arg: DNNL_ARG_TO, memory: operand.isOutput ? user : blocked),
                ]
                if let scratchpad = reorderScratchpads[index] {
                    reorderArgs.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpad))
                }
                reorderArguments.append(reorderArgs)
            } else {
                reorderArguments.append([])
            }
        }
        if let scratchpad = self.scratchpad {
            arguments.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpad))
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

    /// Runs `primitive` on the callers' plain buffers (one per operand, in operand order): converts inputs into
    /// the primitive's layouts (weights through the ``DNNLWeightCache``), executes, converts outputs back. Output
    /// buffers are overwritten. Returns `false` on a oneDNN error.
    func execute(_ primitive: dnnl_primitive_t, buffers: [UnsafeMutableRawPointer]) -> Bool {
        for index in operands.indices {
            let operand = operands[index], buffer = buffers[index]
            guard dnnl_memory_set_data_handle(userMemories[index], buffer) == dnnl_success else { return false }
            guard operand.isConverted, !operand.isOutput else { continue }
            if let cache = weightCaches[index] {
                guard let memory = cache.memory(for: buffer, convert: { memory, data in
                    self.convertInput(index, buffer, to: memory, data: data)
                }) else { return false }
                arguments[index].memory = memory
            } else {
                guard let memory = blockedMemories[index], let data = blockedData[index],
                    convertInput(index, buffer, to: memory, data: data)
                else { return false }
            }
        }
        guard dnnl_primitive_execute(primitive, stream, Int32(arguments.count), arguments) == dnnl_success else {
            return false
        }
        for index in operands.indices where operands[index].isOutput && operands[index].reorder != nil {
            guard reorder(index, to: userMemories[index]) else { return false }
        }
        guard dnnl_stream_wait(stream) == dnnl_success else { return false }
        for index in operands.indices where operands[index].isOutput {
            guard let table = operands[index].table else { continue }
            guard let data = blockedData[index] else { return false }
            table.gather(data, into: buffers[index])
        }
        return true
    }

    /// Converts input operand `index` from the caller's plain `buffer` (already the data handle of its user
    /// memory) into `memory` (whose data is `data`), by table copy or reorder primitive.
    private func convertInput(
        _ index: Int, _ buffer: UnsafeMutableRawPointer, to memory: dnnl_memory_t, data: UnsafeMutableRawPointer
    ) -> Bool {
        if let table = operands[index].table {
            table.scatter(buffer, into: data)
            return true
        }
        return reorder(index, to: memory)
    }

    /// Executes operand `index`'s reorder on this workspace's stream: for an input from its user memory into
    /// `target`, for an output from its blocked memory into `target`.
    private func reorder(_ index: Int, to target: dnnl_memory_t) -> Bool {
        guard let reorder = operands[index].reorder else { return false }
        reorderArguments[index][1].memory = target
        return dnnl_primitive_execute(reorder, stream, Int32(reorderArguments[index].count), reorderArguments[index])
            == dnnl_success
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
