import DocsgenCLI
import Foundation

exit(DocsgenMain.run(Array(CommandLine.arguments.dropFirst())))
