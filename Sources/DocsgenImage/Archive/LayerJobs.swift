import Dispatch
import Foundation

/// Reads the layers of one image on several threads, each layer streamed on one of them (decompression,
/// hashing and the tar entries of a layer stay in order; layers overlap).
///
/// The paths of the first layer go straight into the image's table; every other layer fills a table of its
/// own, absorbed into the image's table in layer order once all are read. So a path's node number is the
/// one reading the layers in order would give it, whatever the number of threads and whichever layer ends
/// first, and the measurement is the same bytes.
///
/// Errors are those of a reading in order: once a layer fails, no later layer is started, the earlier ones
/// finish, and the error of the first failing layer is thrown.
enum LayerJobs {
    /// Threads used by default: one a core, at most 4 (each holds about 3 MB of buffers).
    static var defaultWorkers: Int { min(4, max(1, ProcessInfo.processInfo.activeProcessorCount)) }

    /// Calls `read` for each of `count` layers (its index and the table to add its paths to) on up to `workers`
    /// threads and returns the layers in index order, their entries in `paths`.
    static func run(
        count: Int, workers: Int, paths: PathTable, _ read: @escaping (Int, PathTable) throws(ImageReadError) -> ReadLayer
    ) throws(ImageReadError) -> [ReadLayer] {
        let threads = min(max(workers, 1), count)
        guard threads > 1 else {
            var layers: [ReadLayer] = []
            for index in 0..<count { layers.append(try read(index, paths)) }
            return layers
        }
        let board = JobBoard(count: count)
        let work = Work(paths: paths) { index, table in Result { () throws(ImageReadError) in try read(index, table) } }
        // concurrentPerform returns once every thread is done.
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            while let index = board.take() {
                board.finish(index, with: work.attempt(index, index == 0 ? work.paths : PathTable()))
            }
        }
        var layers: [ReadLayer] = []
        for (index, result) in board.finished.enumerated() {
            guard var layer = try result?.get() else { preconditionFailure("layer \(index) was never read") }
            if index > 0 {
                guard let numbers = paths.absorb(layer.layer.entries.paths) else {
                    throw .corrupt(path: "image", reason: "the image names more paths than can be counted (4 billion, or 4 GiB of names)")
                }
                layer.layer.entries.renumber(numbers, in: paths)
            }
            layers.append(layer)
        }
        return layers
    }
}

/// Which layer is next and what each gave, shared by the threads of ``LayerJobs``.
private final class JobBoard: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var next = 0
    /// The first layer that failed: no layer after it is started.
    private var firstFailure = Int.max
    private var results: [Result<ReadLayer, ImageReadError>?]

    init(count: Int) {
        self.count = count
        results = Array(repeating: nil, count: count)
    }

    /// The next layer to read, or `nil` when none is left (or a layer before it failed).
    func take() -> Int? {
        lock.withLock {
            guard next < count, next < firstFailure else { return nil }
            next += 1
            return next - 1
        }
    }

    func finish(_ index: Int, with result: Result<ReadLayer, ImageReadError>) {
        lock.withLock {
            results[index] = result
            if case .failure = result { firstFailure = min(firstFailure, index) }
        }
    }

    /// The results, once every thread is done (read after `concurrentPerform` returns).
    var finished: [Result<ReadLayer, ImageReadError>?] { lock.withLock { results } }
}

/// What the threads of one ``LayerJobs/run(count:workers:paths:_:)`` share: the image's table and the
/// reading of one layer as a plain function (no typed throws through a generic container).
private struct Work: @unchecked Sendable {
    let paths: PathTable
    let attempt: (Int, PathTable) -> Result<ReadLayer, ImageReadError>
}
