import BottomlinePersistence
import Vapor

extension Request {
    /// The screening store as the signed-in user may use it.
    var screening: ScreeningStore {
        get throws { ScreeningStore(try registry) }
    }

    /// The departments' files — their names, sizes and row counts — are for those who send and manage them: department
    /// data officers and county (or system) administrators. Cadres see the warnings that concern their places.
    func requireFeedReader() throws {
        guard [.admin, .county, .department].contains(try user.roleValue) else {
            throw Abort(.forbidden, reason: "部门数据文件仅由部门数据员和县级管理员查看；本辖区的预警请在“筛查预警”中查看")
        }
    }
}
