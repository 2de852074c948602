import BottomlinePersistence
import Foundation
import Vapor

/// Everything the server reads from its surroundings, read once at start and passed where needed: the database, the
/// address farmers' phones reach for the declaration QR code, and the size limits of what users send.
public struct AppConfiguration: Sendable {
    public var database: DatabaseLocation
    /// `BOTTOMLINE_PUBLIC_URL`: the server's address as seen from outside, printed in the village QR codes. Unset,
    /// the QR code uses the address the cadre's browser used.
    public var publicURL: String?
    public var limits = Limits()
    /// `BOTTOMLINE_METRICS_TOKEN`: lets a collector on another host read `/metrics` with `Authorization: Bearer …`.
    /// Unset, only the server's own host (the loopback address, not through a proxy) may read it.
    public var metricsToken: String?
    /// Where uploads are written as they arrive, each removed once its request is answered
    /// (`BOTTOMLINE_UPLOAD_DIR`; the system's temporary directory unless set).
    public var uploadDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("bottomline-uploads").path
    /// A registry file at least this large is imported after the upload is answered, on a page that shows its progress
    /// (`BOTTOMLINE_BACKGROUND_IMPORT_MB`); a smaller one is answered with its result at once.
    public var backgroundImportBytes = 8 << 20

    public struct Limits: Sendable {
        /// A registry file uploaded on the import page.
        public var registryUpload: ByteCount = "1gb"
        /// A department's feed file, on the page or through the API.
        public var feedUpload: ByteCount = "512mb"
        /// Any other form or API body.
        public var body: ByteCount = "1mb"
    }

    public init(database: DatabaseLocation, publicURL: String? = nil) {
        self.database = database
        self.publicURL = publicURL.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The configuration of this process: `DATABASE_URL` or the SQLite file, and `BOTTOMLINE_PUBLIC_URL`.
    public static func fromEnvironment(sqlitePath: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> AppConfiguration {
        var configuration = AppConfiguration(database: .resolve(sqlitePath: sqlitePath, environment: environment), publicURL: environment["BOTTOMLINE_PUBLIC_URL"])
        configuration.metricsToken = environment["BOTTOMLINE_METRICS_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        if let directory = environment["BOTTOMLINE_UPLOAD_DIR"], !directory.isEmpty { configuration.uploadDirectory = directory }
        if let megabytes = environment["BOTTOMLINE_BACKGROUND_IMPORT_MB"].flatMap(Int.init), megabytes >= 0 {
            configuration.backgroundImportBytes = megabytes << 20
        }
        return configuration
    }
}

struct AppConfigurationKey: StorageKey { typealias Value = AppConfiguration }

extension Application {
    /// The configuration the app was built with.
    var configuration: AppConfiguration {
        guard let c = storage[AppConfigurationKey.self] else { fatalError("BottomlineApp.configure sets the configuration before any route runs") }
        return c
    }
}
