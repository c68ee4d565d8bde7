using ControlPlane.Planning;

namespace ControlPlane.Tests.Cli;

public sealed class ApplyConfirmationTests
{
    [Fact]
    public void YesSkipsTheQuestion()
    {
        var output = new StringWriter();
        Assert.True(ApplyConfirmation.Confirm(yes: true, inputIsTerminal: false, new StringReader(""), output, 3));
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void WithoutATerminalItRefusesToGuess()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ApplyConfirmation.Confirm(false, false, new StringReader("yes\n"), new StringWriter(), 3));
        Assert.Contains("--yes", ex.Message);
    }

    [Theory]
    [InlineData("yes\n", true)]
    [InlineData(" yes \n", true)]
    [InlineData("y\n", false)]
    [InlineData("YES\n", false)]
    [InlineData("", false)]
    public void OnATerminalOnlyYesConfirms(string answer, bool expected)
    {
        var output = new StringWriter();
        Assert.Equal(expected, ApplyConfirmation.Confirm(false, true, new StringReader(answer), output, 2));
        Assert.Contains("Apply these 2 change(s)?", output.ToString());
    }
}
