import CDNNL
import Foundation

/// How one buffer of a planned primitive is described before the primitive descriptor exists.
struct DNNLOperandRequest {
    /// Execution argument (`DNNL_ARG_SRC`, `DNNL_ARG_DIFF_WEIGHTS`, …).
    var argument: Int32
    /// Which memory descriptor of the primitive descriptor this buffer is (`dnnl_query_src_md`, …) and its index.
    var query: dnnl_query_t
    var queryIndex: Int32 = 0
    /// The caller's plain layout (NCHW, OIHW/IOHW or 1-D).
    var userDescriptor: dnnl_memory_desc_t
    /// `true` for a buffer the primitive writes.
    var isOutput: Bool
}

/// A created oneDNN primitive together with the reorders between the callers' plain layouts and the layouts the
/// primitive chose (blocked, from `format_tag_any`), and a pool of reusable buffers.
///
/// Thread safety: a plan is immutable after creation except for its workspace pool, which is guarded by a lock.
/// Every call takes a workspace (own stream, own blocked and scratchpad buffers, own memory objects) out of the
/// pool for its whole duration, so concurrent calls never share mutable oneDNN objects; executing one primitive
/// concurrently on different memory is allowed by oneDNN. All scratchpads are user-managed
/// (`dnnl_scratchpad_mode_user`), so no library-global scratchpad is shared between threads either.
final class DNNLPrimitivePlan: @unchecked Sendable {
    // Safe to share: all stored oneDNN handles are written only during `build` (before the plan is published)
    // and read afterwards; `freeWorkspaces` is only touched under `poolLock`.

    /// One operand after planning: its user layout, the primitive's layout and the reorder between them, if any.
    final class Operand {
        let argument: Int32
        let isOutput: Bool
        var userDescriptor: dnnl_memory_desc_t
        var primitiveDescriptor: dnnl_memory_desc_t
        var reorder: dnnl_primitive_t?
        var reorderScratchpad = dnnl_memory_desc_t()
        /// For small operands, a plain copy loop that replaces the reorder primitive.
        var table: DNNLLayoutTable?
        /// Whether the primitive works on its own buffer for this operand (reorder or table copy at each call).
        var isConverted: Bool { reorder != nil || table != nil }
        /// Elements of the operand in the caller's plain layout.
        var plainCount: Int {
            var descriptor = userDescriptor
            return dnnl_memory_desc_get_size(&descriptor) / MemoryLayout<Float>.stride
        }

        init(argument: Int32, isOutput: Bool, user: dnnl_memory_desc_t, primitive: dnnl_memory_desc_t) {
            self.argument = argument
            self.isOutput = isOutput
            userDescriptor = user
            primitiveDescriptor = primitive
        }

        deinit { if let reorder { dnnl_primitive_destroy(reorder) } }
    }

    private let engine: dnnl_engine_t
    private(set) var primitive: dnnl_primitive_t?
    private(set) var operands: [Operand] = []
    /// oneDNN's name of the implementation it chose (e.g. `jit:avx512_core_f32_wino_conv_4x3`, `jit:avx2`).
    private(set) var implementation = ""
    private var scratchpadDescriptor = dnnl_memory_desc_t()
    private let poolLock = NSLock()
    private var freeWorkspaces: [DNNLWorkspace] = []

    private init(engine: dnnl_engine_t) { self.engine = engine }

    deinit { if let primitive { dnnl_primitive_destroy(primitive) } }

    /// Creates a plan from an operation descriptor (a `dnnl_convolution_desc_t` or `dnnl_deconvolution_desc_t`),
    /// or returns `nil` when oneDNN refuses it.
    static func make(
        operationDescriptor: UnsafeRawPointer, hint: const_dnnl_primitive_desc_t?, operands: [DNNLOperandRequest]
    ) -> DNNLPrimitivePlan? {
        guard let engine = DNNLRuntime.engine else { return nil }
        let plan = DNNLPrimitivePlan(engine: engine)
        return plan.build(operationDescriptor, hint, operands) ? plan : nil
    }

    private func build(
        _ operationDescriptor: UnsafeRawPointer, _ hint: const_dnnl_primitive_desc_t?, _ requests: [DNNLOperandRequest]
    ) -> Bool {
        guard let attributes = Self.userScratchpadAttributes() else { return false }
        defer { dnnl_primitive_attr_destroy(attributes) }
        var descriptor: dnnl_primitive_desc_t?
        guard dnnl_primitive_desc_create(&descriptor, operationDescriptor, attributes, engine, hint)
            == dnnl_success, let descriptor
        else { return false }
        defer { dnnl_primitive_desc_destroy(descriptor) }

        for request in requests {
            guard let chosen = dnnl_primitive_desc_query_md(descriptor, request.query, request.queryIndex) else {
                return false
            }
            let operand = Operand(
                argument: request.argument, isOutput: request.isOutput, user: request.userDescriptor,
                primitive: chosen.pointee)
            operands.append(operand)
            if dnnl_memory_desc_equal(&operand.userDescriptor, &operand.primitiveDescriptor) == 0 {
                if let table = DNNLLayoutTable(user: operand.userDescriptor, blocked: operand.primitiveDescriptor) {
                    operand.table = table
                } else {
                    guard addReorder(to: operand, attributes: attributes) else { return false }
                }
            }
        }
        var name: UnsafePointer<CChar>?
        if dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, &name) == dnnl_success, let name {
            implementation = String(cString: name)
        }
        if let scratchpad = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0) {
            scratchpadDescriptor = scratchpad.pointee
        }
        var created: dnnl_primitive_t?
        guard dnnl_primitive_create(&created, descriptor) == dnnl_success else { return false }
        primitive = created
        return true
    }

    private func addReorder(to operand: Operand, attributes: dnnl_primitive_attr_t) -> Bool {
        var descriptor: dnnl_primitive_desc_t?
        let status =
            operand.isOutput
            ? dnnl_reorder_primitive_desc_create(
                &descriptor, &operand.primitiveDescriptor, engine, &operand.userDescriptor, engine, attributes)
            : dnnl_reorder_primitive_desc_create(
                &descriptor, &operand.userDescriptor, engine, &operand.primitiveDescriptor, engine, attributes)
        guard status == dnnl_success, let descriptor else { return false }
        defer { dnnl_primitive_desc_destroy(descriptor) }
        if let scratchpad = dnnl_primitive_desc_query_md(descriptor, dnnl_query_scratchpad_md, 0) {
            operand.reorderScratchpad = scratchpad.pointee
        }
        var created: dnnl_primitive_t?
        guard dnnl_primitive_create(&created, descriptor) == dnnl_success else { return false }
        operand.reorder = created
        return true
    }

    private static func userScratchpadAttributes() -> dnnl_primitive_attr_t? {
        var attributes: dnnl_primitive_attr_t?
        guard dnnl_primitive_attr_create(&attributes) == dnnl_success, let attributes else { return nil }
        guard dnnl_primitive_attr_set_scratchpad_mode(attributes, dnnl_scratchpad_mode_user) == dnnl_success else {
            dnnl_primitive_attr_destroy(attributes)
            return nil
        }
        return attributes
    }

    /// Runs the primitive on the callers' plain buffers, given in the order of the operand requests (`nil` only
    /// for an operand that was not requested, never here): reorders inputs into the primitive's layouts, executes,
    /// reorders outputs back. Output buffers are overwritten. Returns `false` on a oneDNN error.
    func execute(_ buffers: [UnsafeMutableRawPointer]) -> Bool {
        execute(buffers, supplying: [], keeping: []) != nil
    }

    /// ``execute(_:)`` with blocked copies shared between calls (see ``DNNLBlockedCopy``):
    /// - `supplied[i]`, when given for an input operand the primitive reorders and in exactly the primitive's layout
    ///   for it, is read instead of reordering `buffers[i]` (which must still hold the same data: it is used when
    ///   the layouts differ);
    /// - for each input operand index in `keep` that the primitive reorders, the reorder writes into a new
    ///   ``DNNLBlockedCopy`` (instead of the workspace's buffer, which the next call overwrites) that is returned
    ///   at that index. An operand used in the caller's layout, or a copy refused by the memory budget, returns
    ///   `nil` there.
    ///
    /// Returns `nil` on a oneDNN error, else one entry per operand (`nil` where nothing was kept; an empty array
    /// when `keep` is empty).
    func execute(
        _ buffers: [UnsafeMutableRawPointer], supplying supplied: [DNNLBlockedCopy?], keeping keep: [Int]
    ) -> [DNNLBlockedCopy?]? {
        precondition(buffers.count == operands.count, "DNNLPrimitivePlan: \(operands.count) buffers expected")
        guard let primitive, let workspace = acquireWorkspace() else { return nil }
        defer { releaseWorkspace(workspace) }
        DNNLRuntime.applyThreadCount()

        var kept: [DNNLBlockedCopy?] = keep.isEmpty ? [] : Array(repeating: nil, count: operands.count)
        var arguments: [dnnl_exec_arg_t] = []
        arguments.reserveCapacity(operands.count + 1)
        for (index, operand) in operands.enumerated() {
            guard dnnl_memory_set_data_handle(workspace.userMemories[index], buffers[index]) == dnnl_success else {
                return nil
            }
            if operand.isConverted, let blocked = workspace.blockedMemories[index] {
                if !operand.isOutput {
                    if index < supplied.count, let copy = supplied[index], copy.hasLayout(operand.primitiveDescriptor) {
                        arguments.append(dnnl_exec_arg_t(arg: operand.argument, memory: copy.memory))
                        DNNLBlockedCopy.noteReuse()
                        continue
                    }
                    var destination = blocked
                    var destinationData = workspace.blockedData[index]
                    if keep.contains(index),
                        let copy = DNNLBlockedCopy(
                            descriptor: operand.primitiveDescriptor, engine: engine,
                            plainCount: operand.plainCount)
                    {
                        kept[index] = copy
                        destination = copy.memory
                        destinationData = copy.data
                    }
                    if let table = operand.table {
                        guard let data = destinationData else { return nil }
                        table.scatter(buffers[index], into: data)
                    } else {
                        guard
                            workspace.reorder(
                                operand, index: index, from: workspace.userMemories[index], to: destination)
                        else { return nil }
                    }
                    arguments.append(dnnl_exec_arg_t(arg: operand.argument, memory: destination))
                } else {
                    arguments.append(dnnl_exec_arg_t(arg: operand.argument, memory: blocked))
                }
            } else {
                arguments.append(dnnl_exec_arg_t(arg: operand.argument, memory: workspace.userMemories[index]))
            }
        }
        if let scratchpad = workspace.scratchpad {
            arguments.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpad))
        }
        guard dnnl_primitive_execute(primitive, workspace.stream, Int32(arguments.count), arguments) == dnnl_success
        else { return nil }
        for (index, operand) in operands.enumerated() where operand.isOutput && operand.reorder != nil {
            guard let blocked = workspace.blockedMemories[index],
                workspace.reorder(operand, index: index, from: blocked, to: workspace.userMemories[index])
            else { return nil }
        }
        guard dnnl_stream_wait(workspace.stream) == dnnl_success else { return nil }
        for (index, operand) in operands.enumerated() where operand.isOutput {
            guard let table = operand.table else { continue }
            guard let data = workspace.blockedData[index] else { return nil }
            table.gather(data, into: buffers[index])
        }
        return kept
    }

    /// The layout the primitive reads operand `index` in when it reorders it (i.e. when a ``DNNLBlockedCopy`` of
    /// it can be made or used), else `nil`.
    func blockedLayout(ofOperand index: Int) -> dnnl_memory_desc_t? {
        operands[index].isConverted ? operands[index].primitiveDescriptor : nil
    }

    /// Runs only the primitive on the workspace's own blocked buffers (no reorders, contents arbitrary): used by
    /// the benchmark to measure how much of a call the reorders cost.
    func executeBlockedOnly(repetitions: Int) -> Bool {
        guard let primitive, let workspace = acquireWorkspace() else { return false }
        defer { releaseWorkspace(workspace) }
        DNNLRuntime.applyThreadCount()
        var arguments: [dnnl_exec_arg_t] = []
        for (index, operand) in operands.enumerated() {
            guard let memory = workspace.blockedMemories[index] ?? workspace.ownedPlainMemory(index: index) else {
                return false
            }
            arguments.append(dnnl_exec_arg_t(arg: operand.argument, memory: memory))
        }
        if let scratchpad = workspace.scratchpad {
            arguments.append(dnnl_exec_arg_t(arg: DNNL_ARG_SCRATCHPAD, memory: scratchpad))
        }
        for _ in 0..<repetitions {
            guard dnnl_primitive_execute(primitive, workspace.stream, Int32(arguments.count), arguments)
                == dnnl_success
            else { return false }
        }
        return dnnl_stream_wait(workspace.stream) == dnnl_success
    }

    private func acquireWorkspace() -> DNNLWorkspace? {
        if let reused = poolLock.withLock({ freeWorkspaces.popLast() }) { return reused }
        return DNNLWorkspace(engine: engine, operands: operands, scratchpad: scratchpadDescriptor)
    }

    private func releaseWorkspace(_ workspace: DNNLWorkspace) {
        poolLock.withLock { freeWorkspaces.append(workspace) }
    }
}
