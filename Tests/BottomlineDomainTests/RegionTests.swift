import Testing
@testable import BottomlineDomain

@Suite("区划代码与辖区")
struct RegionTests {
    @Test("the number of digits is the level; 乡 codes ending in 200 stay townships")
    func levels() throws {
        #expect(try #require(RegionCode("41")).level == .province)
        #expect(try #require(RegionCode("411681")).level == .county)
        #expect(try #require(RegionCode("411603200")).level == .township)
        #expect(try #require(RegionCode("411681101201")).level == .village)
        #expect(RegionCode("4116811") == nil)
        #expect(RegionCode("41168a") == nil)
        #expect(try #require(RegionCode("411603200")).padded == "411603200000")
    }

    @Test("a region's jurisdiction is its code prefix: 项城市 contains its villages, not its neighbours'")
    func jurisdiction() throws {
        let xiangcheng = try #require(RegionCode("411681"))
        #expect(xiangcheng.contains(try #require(RegionCode("411681101201"))))
        #expect(!xiangcheng.contains(try #require(RegionCode("411628101201"))))
        let range = xiangcheng.codeRange
        for inside in ["411681", "411681101", "411681115299"] { #expect(range.lower <= inside && inside < range.upper) }
        for outside in ["411682", "411680999999", "4116"] { #expect(!(range.lower <= outside && outside < range.upper)) }
    }

    @Test("the shipped Henan catalogue has 项城市 with its 21 townships, parents first")
    func catalogue() throws {
        let regions = try DivisionCatalog.henan()
        #expect(regions.first?.name == "河南省")
        let townships = regions.filter { $0.parent?.digits == "411681" }
        #expect(townships.count == 21)
        #expect(townships.contains { $0.name == "南顿镇" && $0.code.digits == "411681101" })
        let codes = Set(regions.map(\.code))
        // Every parent exists and contains its child by prefix, so prefix scoping never loses a region.
        #expect(regions.allSatisfy { region in region.parent.map { codes.contains($0) && $0.contains(region.code) } ?? true })
    }
}
