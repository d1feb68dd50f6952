import Foundation

// Compiled into the Tokenizers module when it is built outside SwiftPM: there is no generated resource
// bundle there, and the code fuzzed through it (file loaders, truncation) never opens a shipped file.
extension Bundle { static var module: Bundle { .main } }
