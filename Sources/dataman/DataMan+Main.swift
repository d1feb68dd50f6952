import Annotations
import ArgumentParser
import Foundation
import Sampling
import TrainingShards

extension DataMan {
    /// Runs the command; every failure is printed by ArgumentParser (`Error: ...`), with exit status 2
    /// for input the user can correct on the command line (a `--where` expression, a sampling setting)
    /// and ArgumentParser's own codes otherwise (1 for a failure, 64 for a usage error).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error
            where error is ExpressionError || (error as? SamplingError)?.isSettingToCorrect == true
            || (error as? TrainingShardsError)?.isSettingToCorrect == true
        {
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            exit(withError: ExitCode(2))
        } catch {
            exit(withError: error)
        }
    }
}
