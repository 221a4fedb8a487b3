/**
 * A database Wattson cannot use: a start-up error naming where the data is (a file, or the
 * Postgres server and database, never a password) and what to do about it.
 */
export class DatabaseError extends Error {
  override name = 'DatabaseError';
  constructor(
    /** The file path, or the DATABASE_URL without its password. */
    readonly where: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
