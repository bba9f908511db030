/// Cutline's version: `cutline --version`, `cutlineVersion` in every JSON report, SARIF `tool.driver.version`, and
/// the Python wheel's version (scripts/wheel/build_wheel.py reads it from this line; keep it a plain literal).
public enum CutlineVersion {
    public static let string = "0.1.0"
}
