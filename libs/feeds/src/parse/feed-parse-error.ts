/** A document that cannot be read as a feed. The message is one line a person can act on. */
export class FeedParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FeedParseError';
  }
}
