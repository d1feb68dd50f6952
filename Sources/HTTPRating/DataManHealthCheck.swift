import Foundation

extension DataManRater {
    /// Asks every endpoint for `/models` before any document is read, so an unreachable server, a
    /// wrong model name, a page that is not an OpenAI API or a refused API key stops the run at once.
    public func checkHealth() async throws {
        for endpoint in configuration.endpoints {
            let url = endpoint.appendingPathComponent("models").absoluteString
            let status: UInt
            let contentType: String?
            let data: [UInt8]
            do {
                (status, contentType, data) = try await client.get(url)
            } catch {
                throw DataManError.unhealthy(
                    endpoint: endpoint.absoluteString,
                    reason: "cannot reach \(url): \(client.describe(error))"
                )
            }
            switch status {
            case 200: break
            case 401, 403:
                throw DataManError.unhealthy(
                    endpoint: endpoint.absoluteString,
                    reason: "HTTP \(status): the server refused the API key (see --api-key-env)"
                )
            default:
                throw DataManError.unhealthy(
                    endpoint: endpoint.absoluteString,
                    reason: "GET \(url) answered HTTP \(status): \(OpenAIClient.snippet(data))"
                )
            }
            guard let list = try? JSONDecoder().decode(ModelList.self, from: Data(data)) else {
                throw DataManError.unhealthy(
                    endpoint: endpoint.absoluteString,
                    reason:
                        "GET \(url) did not answer an OpenAI model list (Content-Type \(contentType ?? "none")): \(OpenAIClient.snippet(data))"
                )
            }
            let served = list.data.map(\.id)
            guard served.contains(configuration.model) else {
                throw DataManError.unhealthy(
                    endpoint: endpoint.absoluteString,
                    reason:
                        "does not serve model \"\(configuration.model)\" (it serves: \(served.joined(separator: ", ")))"
                )
            }
        }
    }

    private struct ModelList: Decodable {
        struct Model: Decodable { let id: String }
        let data: [Model]
    }
}
