import CutlineLint
import CutlineReport
import Testing

/// The registry is a contract: codes unique, sorted, documented, in the right family.
@Suite struct RuleRegistryTests {
    @Test func codesAreUniqueSortedAndDocumented() {
        let codes = LintRules.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        // Families in pipeline order (EP, PT, RW, MD), codes sorted within each.
        let families = ["EP", "PT", "RW", "MD"]
        #expect(codes == codes.sorted { (families.firstIndex(of: String($0.prefix(2))) ?? 9, $0) < (families.firstIndex(of: String($1.prefix(2))) ?? 9, $1) })
        for r in LintRules.all {
            #expect(!r.name.isEmpty && !r.summary.isEmpty && !r.rationale.isEmpty && !r.example.isEmpty && !r.remedy.isEmpty,
                    "\(r.code) lacks documentation")
            let family = String(r.code.prefix(2))
            let expected = ["EP": "coverage", "PT": "partition", "RW": "rewrite", "MD": "model"][family]
            #expect(r.category == expected, "\(r.code) is in category \(r.category)")
            #expect((r.pass != nil) == (family == "RW"), "\(r.code): only RW3xx rules name a pass")
        }
    }

    @Test func lookupIsCaseInsensitive() {
        #expect(LintRules.descriptor("pt201")?.name == "TooManyPartitions")
        #expect(LintRules.descriptor("EP100")?.name == "OperatorNotSupported")
        #expect(LintRules.descriptor("XX999") == nil)
    }
}
