namespace ControlPlane.Doctor;

/// <summary>How one check came out. <see cref="Fail"/> makes <c>doctor</c> exit 1; a warning does not.</summary>
public enum DoctorOutcome { Ok, Warn, Fail, Skip }

/// <summary>One line of <c>doctor</c>: what was checked, what was found, and (when it is not ok) what to do.</summary>
public sealed record DoctorLine(DoctorOutcome Outcome, string Check, string Finding, string? Fix = null)
{
    public static DoctorLine Ok(string check, string finding) => new(DoctorOutcome.Ok, check, finding);
    public static DoctorLine Warn(string check, string finding, string fix) => new(DoctorOutcome.Warn, check, finding, fix);
    public static DoctorLine Fail(string check, string finding, string fix) => new(DoctorOutcome.Fail, check, finding, fix);
    public static DoctorLine Skip(string check, string why) => new(DoctorOutcome.Skip, check, why);

    public override string ToString()
    {
        var label = Outcome switch { DoctorOutcome.Ok => "ok", DoctorOutcome.Warn => "WARN", DoctorOutcome.Fail => "FAIL", _ => "skip" };
        return $"{label,-4}  {Check}: {Finding}{(Fix is null ? "" : " → " + Fix)}";
    }
}
