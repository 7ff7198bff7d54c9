import Foundation
import JingwuCLI

// Argument parsing and dispatch live in JingwuCLI; this file only hands over.
signal(SIGPIPE, SIG_IGN)
let output = StandardOutput()
let status = CLI.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, output: output)
output.flush()
exit(status)
