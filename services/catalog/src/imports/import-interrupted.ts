import { ServiceUnavailableError } from '@shop/platform';

/** An import stopped by the catalog shutting down, before it started or between two chunks. */
export class ImportInterrupted extends ServiceUnavailableError {
  constructor(detail = 'The catalog is shutting down; send the file again') {
    super(detail);
  }
}

/** Throws the signal's reason when the import was asked to stop. */
export function stopIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw signal.reason instanceof ImportInterrupted ? signal.reason : new ImportInterrupted();
}
