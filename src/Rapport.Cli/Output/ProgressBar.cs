using System.Diagnostics;
using System.Globalization;

namespace Rapport.Cli.Output;

/// <summary>A one-line progress bar on standard error, drawn only when standard error is a terminal.</summary>
internal sealed class ProgressBar : IDisposable
{
    private const int Width = 30;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    private readonly TextWriter _error;
    private readonly bool _enabled;
    private readonly string _label;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _lock = new();
    private TimeSpan _lastDrawn = TimeSpan.MinValue;
    private bool _drawn;

    public ProgressBar(CliEnvironment environment, string label)
    {
        _error = environment.Error;
        _enabled = environment.ErrorIsTerminal;
        _label = label;
    }

    /// <summary>Shows how far the work has come.</summary>
    /// <param name="fraction">From 0 to 1.</param>
    /// <param name="count">What has been done, in the unit of <paramref name="unit"/>.</param>
    /// <param name="unit">What is counted, such as "rows".</param>
    public void Report(double fraction, long count, string unit)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_lock)
        {
            var now = _clock.Elapsed;
            if (now - _lastDrawn < Interval && fraction < 1)
            {
                return;
            }

            _lastDrawn = now;
            var filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * Width);
            var rate = now.TotalSeconds > 0 ? count / now.TotalSeconds : 0;
            _error.Write(string.Create(CultureInfo.InvariantCulture,
                $"\r{_label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction,4:P0}  {count:N0} {unit}  {rate:N0} {unit}/s   "));
            _error.Flush();
            _drawn = true;
        }
    }

    public void Dispose()
    {
        if (_drawn)
        {
            _error.Write("\r" + new string(' ', Width + _label.Length + 60) + "\r");
            _error.Flush();
        }
    }
}
