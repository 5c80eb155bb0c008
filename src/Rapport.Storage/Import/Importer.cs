using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Storage.Csv;
using Rapport.Storage.Database;

namespace Rapport.Storage.Import;

/// <summary>How an import behaves.</summary>
public sealed record ImportOptions
{
    /// <summary>
    /// Where to write rejected rows with their reasons. When set, good rows are imported and bad
    /// ones skipped; when not, one bad row stops the whole file and nothing is written.
    /// </summary>
    public string? RejectsPath { get; init; }

    /// <summary>How many problems to collect before giving up on a file that is being refused.</summary>
    public int MaxProblems { get; init; } = 20;

    /// <summary>
    /// From this file size on, PostgreSQL checks references in one pass at the end rather than
    /// row by row, holding the table locked until the import commits. 16 MiB by default.
    /// </summary>
    public long LargeFileBytes { get; init; } = 16L << 20;

    /// <summary>Receives progress now and then.</summary>
    public IProgress<ImportProgress>? Progress { get; init; }
}

/// <summary>How far an import has come.</summary>
/// <param name="BytesRead">Bytes of the file read so far.</param>
/// <param name="TotalBytes">The file's size.</param>
/// <param name="Rows">Rows read so far.</param>
public sealed record ImportProgress(long BytesRead, long TotalBytes, long Rows);

/// <summary>What an import did.</summary>
/// <param name="Kind">What the file holds.</param>
/// <param name="File">The file, as named by the user.</param>
/// <param name="Rows">Data rows read (the header not counted).</param>
/// <param name="Imported">Rows stored: added, updated, or already present unchanged.</param>
/// <param name="Added">Rows the table gained; the rest of <paramref name="Imported"/> were already there.</param>
/// <param name="Rejected">Rows refused and written to the rejects file.</param>
/// <param name="Committed">Whether anything was written; false when the file was refused.</param>
/// <param name="Problems">What was wrong, at most <see cref="ImportOptions.MaxProblems"/> of them.</param>
/// <param name="Warnings">Things worth knowing that did not stop the import, such as an unknown column.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record ImportResult(
    ImportKind Kind,
    string File,
    long Rows,
    long Imported,
    long Added,
    long Rejected,
    bool Committed,
    IReadOnlyList<ImportProblem> Problems,
    IReadOnlyList<string> Warnings,
    TimeSpan Elapsed)
{
    /// <summary>Whether the file was imported, possibly with some rows rejected on request.</summary>
    public bool Succeeded => Committed;
}

/// <summary>
/// Imports the CSV files of SPEC section 7: streams the file, checks every value and reference,
/// and stores the rows in one transaction through the provider's bulk path.
/// </summary>
public sealed class Importer(RapportDatabase database, TimeProvider time)
{
    private const int ProgressEveryRows = 8192;


    public Task<ImportResult> ImportAsync(ImportKind kind, string path, ImportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        return kind switch
        {
            ImportKind.Branches => RunAsync(kind, path, options, TableSpecs.Branches, (h, k, n) => new BranchReader(h, k, n), cancellationToken),
            ImportKind.Staff => RunAsync(kind, path, options, TableSpecs.Staff, (h, k, n) => new StaffReader(h, k, n), cancellationToken),
            ImportKind.Customers => RunAsync(kind, path, options, TableSpecs.Customers, (h, k, n) => new CustomerReader(h, k, n), cancellationToken),
            ImportKind.Consents => RunAsync(kind, path, options, TableSpecs.Consents, (h, k, n) => new ConsentReader(h, k, n), cancellationToken),
            ImportKind.Purchases => RunAsync(kind, path, options, TableSpecs.Purchases, (h, k, n) => new PurchaseReader(h, k, n), cancellationToken),
            ImportKind.Touches => RunAsync(kind, path, options, TableSpecs.Touches, (h, k, n) => new TouchReader(h, k, n), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown kind of file."),
        };
    }

    private async Task<ImportResult> RunAsync<T>(
        ImportKind kind,
        string path,
        ImportOptions options,
        TableSpec<T> spec,
        Func<CsvHeader, KnownIds, DateTimeOffset, RowReader<T>> createReader,
        CancellationToken cancellationToken)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        var problems = new List<ImportProblem>();
        var warnings = new List<string>();
        ImportResult Refused(long rows) =>
            new(kind, path, rows, 0, 0, 0, false, problems, warnings, clock.Elapsed);

        if (!File.Exists(path))
        {
            problems.Add(new ImportProblem(path, 0, null, Directory.Exists(path) ? "is a folder, not a file" : "no such file"));
            return Refused(0);
        }

        var totalBytes = new FileInfo(path).Length;
        CsvHeader header;
        try
        {
            using var csv = CsvFiles.Open(path);
            if (!csv.Read())
            {
                problems.Add(new ImportProblem(path, 1, null, $"the file is empty; expected a header row ({string.Join(",", ImportSchema.Columns(kind).Select(c => c.Name))})"));
                return Refused(0);
            }

            header = CsvHeader.Read(csv.Fields, kind, path, problems, warnings);
        }
        catch (CsvFormatException e)
        {
            problems.Add(FormatProblem(path, e));
            return Refused(0);
        }

        if (problems.Count > 0)
        {
            return Refused(0);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var columns = spec.ColumnsFor(header);
        await using var target = await BulkTarget.BeginAsync(connection, spec, columns, totalBytes >= options.LargeFileBytes, cancellationToken).ConfigureAwait(false);

        // Read inside the import's transaction, so the ids checked are the ids the rows will meet.
        var known = await LoadKnownIdsAsync(connection, target.Transaction, kind, cancellationToken).ConfigureAwait(false);
        await target.StartAsync(cancellationToken).ConfigureAwait(false);
        var reader = createReader(header, known, time.GetUtcNow());

        while (true)
        {
            problems.Clear();
            var pass = new Pass(path, problems, options);
            try
            {
                await pass.RunAsync(header, reader, target, totalBytes, cancellationToken).ConfigureAwait(false);
                if (pass.Refused)
                {
                    // Disposing the target without completing it rolls the transaction back.
                    return Refused(pass.Rows);
                }

                var added = await target.CompleteAsync(cancellationToken).ConfigureAwait(false);
                return new ImportResult(kind, path, pass.Rows, pass.Imported, added, pass.Rejected, true, problems, warnings, clock.Elapsed);
            }
            catch (SendRowsAgainException)
            {
                // The target has rolled back what it had and is ready for every row again.
                continue;
            }
            catch (CsvFormatException e)
            {
                // The rest of the file cannot be trusted: refuse it, even when skipping bad rows.
                problems.Add(FormatProblem(path, e));
                return Refused(pass.Rows);
            }
            catch (Exception e) when (e is SqliteException or NpgsqlException)
            {
                problems.Add(new ImportProblem(path, 0, null, $"the database refused the rows, and none were stored: {e.Message}"));
                return Refused(pass.Rows);
            }
        }
    }

    private static ImportProblem FormatProblem(string path, CsvFormatException e) =>
        new(path, e.Line, null, e.Column is { } field ? $"field {field}: {e.Problem}" : e.Problem);

    private static async Task<KnownIds> LoadKnownIdsAsync(DbConnection connection, DbTransaction transaction, ImportKind kind, CancellationToken cancellationToken)
    {
        var known = new KnownIds();
        if (kind is ImportKind.Branches)
        {
            await LoadHierarchyAsync(connection, transaction, known, cancellationToken).ConfigureAwait(false);
        }

        if (kind is ImportKind.Staff or ImportKind.Customers or ImportKind.Purchases)
        {
            await LoadAsync(connection, transaction, "SELECT branch_id FROM branches", known.Branches, cancellationToken).ConfigureAwait(false);
        }

        if (kind is ImportKind.Customers or ImportKind.Touches)
        {
            await LoadAsync(connection, transaction, "SELECT staff_id FROM staff", known.Staff, cancellationToken).ConfigureAwait(false);
        }

        if (kind is ImportKind.Customers or ImportKind.Consents or ImportKind.Purchases or ImportKind.Touches)
        {
            await LoadAsync(connection, transaction, "SELECT customer_id FROM customers", known.Customers, cancellationToken).ConfigureAwait(false);
        }

        return known;
    }

    private static async Task LoadHierarchyAsync(DbConnection connection, DbTransaction transaction, KnownIds known, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT branch_id, reports_to FROM branches";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            known.Branches.Add(id);
            known.StoredReportsTo[id] = reader.IsDBNull(1) ? null : reader.GetString(1);
        }
    }

    private static async Task LoadAsync(DbConnection connection, DbTransaction transaction, string sql, HashSet<string> into, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            into.Add(reader.GetString(0));
        }
    }

    /// <summary>One reading of the file, row by row, into the target.</summary>
    private sealed class Pass(string path, List<ImportProblem> problems, ImportOptions options)
    {
        public long Rows { get; private set; }

        public long Imported { get; private set; }

        public long Rejected { get; private set; }

        /// <summary>Whether the file is refused: bad rows and no permission to skip them.</summary>
        public bool Refused => Rejected > 0 && options.RejectsPath is null;

        public async Task RunAsync<T>(CsvHeader header, RowReader<T> reader, IBulkTarget<T> target, long totalBytes, CancellationToken cancellationToken)
            where T : class
        {
            // Two threads: one reads and checks rows, the other writes them. Checking a row costs
            // about as much as writing it, so on two cores this nearly halves the time.
            var channel = Channel.CreateBounded<List<(T Item, long Line)>>(new BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var producer = Task.Run(() => Read(header, reader, totalBytes, channel.Writer, stop.Token), stop.Token);
            try
            {
                await foreach (var batch in channel.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
                {
                    foreach (var (item, line) in batch)
                    {
                        await target.AddAsync(item, line, stop.Token).ConfigureAwait(false);
                    }

                    Imported += batch.Count;
                }
            }
            catch
            {
                await stop.CancelAsync().ConfigureAwait(false);
                try
                {
                    await producer.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Stopped because the writer failed; the writer's exception is the one to report.
                }

                throw;
            }

            // Rethrows what stopped the reading, such as a CSV format error.
            await producer.ConfigureAwait(false);
        }

        private void Read<T>(CsvHeader header, RowReader<T> reader, long totalBytes, ChannelWriter<List<(T Item, long Line)>> output, CancellationToken cancellationToken)
            where T : class
        {
            const int BatchSize = 512;
            try
            {
                var skipBadRows = options.RejectsPath is not null;
                reader.Start();
                using var csv = CsvFiles.Open(path);
                csv.Read();
                using var rejects = skipBadRows ? new RejectsFile(options.RejectsPath!, header.Names) : null;
                var waiting = new List<(T Item, long Line, string[] Fields)>();
                var row = new CsvRow(path);
                var batch = new List<(T Item, long Line)>(BatchSize);
                void Send(T item, long line)
                {
                    if (Refused)
                    {
                        return;
                    }

                    batch.Add((item, line));
                    if (batch.Count == BatchSize)
                    {
                        Write(output, batch, cancellationToken);
                        batch = new List<(T Item, long Line)>(BatchSize);
                    }
                }

                while (csv.Read())
                {
                    Rows++;
                    if (Rows % ProgressEveryRows == 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        options.Progress?.Report(new ImportProgress(csv.BytesRead, totalBytes, Rows));
                    }

                    row.Reset(csv.Line, csv.Fields);
                    if (csv.Fields.Count != header.Names.Count)
                    {
                        row.Problem(null, $"has {csv.Fields.Count} fields but the header has {header.Names.Count}");
                    }

                    var item = row.HasProblems ? null : reader.Read(row);
                    if (item is null)
                    {
                        Reject(row.Line, row.Problems, row.Fields, rejects);
                        if (!skipBadRows && problems.Count >= options.MaxProblems)
                        {
                            break;
                        }

                        continue;
                    }

                    reader.Accept(item);
                    if (reader.IsResolved(item))
                    {
                        Send(item, row.Line);
                    }
                    else
                    {
                        waiting.Add((item, row.Line, row.Fields.ToArray()));
                    }
                }

                reader.EndOfFile();
                foreach (var (item, line, fields) in waiting)
                {
                    if (reader.Unresolved(item) is { } unresolved)
                    {
                        Reject(line, [new ImportProblem(path, line, unresolved.Column, unresolved.Message)], fields, rejects);
                    }
                    else
                    {
                        Send(item, line);
                    }
                }

                if (batch.Count > 0 && !Refused)
                {
                    Write(output, batch, cancellationToken);
                }

                options.Progress?.Report(new ImportProgress(totalBytes, totalBytes, Rows));
            }
            finally
            {
                output.Complete();
            }
        }

        private static void Write<TItem>(ChannelWriter<TItem> output, TItem item, CancellationToken cancellationToken)
        {
            // The reading thread is a thread of its own: waiting here for the writer to catch up is the point.
            if (!output.TryWrite(item))
            {
                output.WriteAsync(item, cancellationToken).AsTask().GetAwaiter().GetResult();
            }
        }

        private void Reject(long line, IReadOnlyList<ImportProblem> rowProblems, IReadOnlyList<string> fields, RejectsFile? rejects)
        {
            Rejected++;
            problems.AddRange(rowProblems.Take(Math.Max(0, options.MaxProblems - problems.Count)));
            rejects?.Write(line, rowProblems, fields);
        }
    }

    /// <summary>The rows a lenient import skipped, with why, in the file's own columns so they can be fixed and imported again.</summary>
    private sealed class RejectsFile : IDisposable
    {
        private readonly CsvWriter _writer;

        public RejectsFile(string path, IReadOnlyList<string> header)
        {
            _writer = CsvWriter.Create(path);
            _writer.Record(["line", "problem", .. header]);
        }

        public void Write(long line, IEnumerable<ImportProblem> problems, IReadOnlyList<string> fields)
        {
            var reason = string.Join("; ", problems.Select(p => p.Column is null ? p.Message : $"column '{p.Column}': {p.Message}"));
            _writer.Record([line.ToString(System.Globalization.CultureInfo.InvariantCulture), reason, .. fields]);
        }

        public void Dispose() => _writer.Dispose();
    }
}
