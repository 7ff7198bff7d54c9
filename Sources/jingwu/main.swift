import Foundation
import JingwuCLI
import JingwuJournal

// Argument parsing and dispatch live in JingwuCLI; this file only hands over.
// First of all: libcrypto keeps its state until the process is gone (see CryptoLibrary).
CryptoLibrary.keepLoadedAtExit()
signal(SIGPIPE, SIG_IGN)
Trace.mark("main")
let output = StandardOutput()
CLI.exitsAfterRun = true
let status = CLI.run(Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment, output: output)
output.flush()
Trace.mark("done")
exit(status)
