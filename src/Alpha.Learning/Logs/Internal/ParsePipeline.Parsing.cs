namespace Alpha.Learning.Logs.Internal;

/// <summary>
/// The parsing side of the pipeline's inner state: the consumer taking blocks back in order (and parsing the next
/// unclaimed one itself rather than wait), the claims of the parser threads, their sleeping and waking.
/// </summary>
internal sealed partial class ParsePipeline
{
    private sealed partial class Core
    {
        public async ValueTask<ParsedBlock?> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Stopped)
                {
                    throw new OperationCanceledException("The log read was stopped.", _stopToken);
                }

                var next = _next;
                var slot = _ring[next % _ring.Length];
                if (Volatile.Read(ref slot.Parsed) is { } parsed)
                {
                    slot.Parsed = null;
                    Interlocked.Exchange(ref _next, next + 1);
                    WakeReader(next + 1);
                    parsed.Failure?.Throw();
                    return parsed;
                }

                // Rather than wait for the next block, parse the next unclaimed one here.
                if (TryClaim(out var claimed))
                {
                    Parse(claimed, _consumerParser);
                    continue;
                }

                // Ended is read before the count it makes final.
                if (FramingEnded && next >= Volatile.Read(ref _framed))
                {
                    return null;
                }

                // The next block is being parsed elsewhere, or not framed yet: sleep until a block is framed or parsed,
                // or framing ends. Once it has ended, only the parse of the next block can wake us.
                var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Interlocked.Exchange(ref _consumerWaiter, waiter);
                if (Volatile.Read(ref slot.Parsed) is not null || Volatile.Read(ref _claimed) < Volatile.Read(ref _framed)
                    || (FramingEnded && next >= Volatile.Read(ref _framed)) || Stopped)
                {
                    Interlocked.CompareExchange(ref _consumerWaiter, null, waiter);
                    continue;
                }

                await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Claims the oldest framed block that nobody parses yet; claims go strictly in order.</summary>
        private bool TryClaim(out long sequence)
        {
            while (true)
            {
                var claimed = Volatile.Read(ref _claimed);
                if (claimed >= Volatile.Read(ref _framed))
                {
                    sequence = 0;
                    return false;
                }

                if (Interlocked.CompareExchange(ref _claimed, claimed + 1, claimed) == claimed)
                {
                    sequence = claimed;
                    return true;
                }
            }
        }

        /// <summary>Parses a claimed block into its slot; a parser failure is delivered in the block's place.</summary>
        private void Parse(long sequence, JsonLineParser parser)
        {
            var slot = _ring[sequence % _ring.Length];
            var block = slot.Block!;
            slot.Block = null;
            ParsedBlock parsed;
            try
            {
                parsed = block.Parse(parser, _query);
            }
            catch (Exception ex)
            {
                parsed = ParsedBlock.Failed(block.File, ex);
            }
            finally
            {
                block.Dispose();
            }

            Interlocked.Exchange(ref slot.Parsed, parsed);
            WakeConsumer();
        }

        private void WakeConsumer()
        {
            // Every caller has just made a full fence (an interlocked write), so a waiter registered before it is seen.
            if (Volatile.Read(ref _consumerWaiter) is not null)
            {
                Interlocked.Exchange(ref _consumerWaiter, null)?.TrySetResult();
            }
        }

        private void WakeReader(long next)
        {
            if (Volatile.Read(ref _readerWaiting) != 0 && Volatile.Read(ref _framed) - next <= _ring.Length / 2)
            {
                lock (_readerGate)
                {
                    Monitor.Pulse(_readerGate);
                }
            }
        }

        private void WakeParsers(bool all)
        {
            if (Volatile.Read(ref _parsersWaiting) > 0)
            {
                lock (_parserGate)
                {
                    if (all)
                    {
                        Monitor.PulseAll(_parserGate);
                    }
                    else
                    {
                        Monitor.Pulse(_parserGate);
                    }
                }
            }
        }

        private void WakeAll()
        {
            lock (_readerGate)
            {
                Monitor.PulseAll(_readerGate);
            }

            lock (_parserGate)
            {
                Monitor.PulseAll(_parserGate);
            }

            Interlocked.Exchange(ref _consumerWaiter, null)?.TrySetResult();
        }

        /// <summary>One of the ring's slots: a framed block until it is parsed, then its events until taken.</summary>
        private sealed class Slot
        {
            public LineBlock? Block;
            public ParsedBlock? Parsed;
        }

        /// <summary>A dedicated parse thread with its own parser (and so its own name cache).</summary>
        private sealed class ParserThread(Core core, JsonLineParser parser)
        {
            private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

            /// <summary>Gets a task that completes when the thread has ended.</summary>
#pragma warning disable VSTHRD003 // The thread this object runs completes it; the pipeline that started the thread awaits it.
            public Task Ended => _ended.Task;
#pragma warning restore VSTHRD003

            public void Run()
            {
                try
                {
                    while (!core.Stopped)
                    {
                        if (core.TryClaim(out var sequence))
                        {
                            core.Parse(sequence, parser);
                        }
                        else if (!core.SleepUntilWork())
                        {
                            return;
                        }
                    }
                }
                finally
                {
                    _ended.TrySetResult();
                }
            }
        }

        /// <summary>Sleeps until a block can be claimed; false once nothing more will come (or the read stopped).</summary>
        private bool SleepUntilWork()
        {
            lock (_parserGate)
            {
                Interlocked.Increment(ref _parsersWaiting);
                try
                {
                    while (true)
                    {
                        if (Stopped)
                        {
                            return false;
                        }

                        var ended = FramingEnded;
                        if (Volatile.Read(ref _claimed) < Volatile.Read(ref _framed))
                        {
                            return true;
                        }

                        if (ended)
                        {
                            return false;
                        }

                        Monitor.Wait(_parserGate);
                    }
                }
                finally
                {
                    Interlocked.Decrement(ref _parsersWaiting);
                }
            }
        }
    }
}
