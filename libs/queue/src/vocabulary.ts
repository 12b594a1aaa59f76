/**
 * The queues' words as plain values, importing nothing: the second entry into libs/queue, for code
 * that needs them without loading BullMQ (the command line's logger, at start).
 */

/** The `msg` of the line a queue, worker or Redis client logs when Redis does not answer. */
export const REDIS_UNAVAILABLE = 'redis unavailable';
