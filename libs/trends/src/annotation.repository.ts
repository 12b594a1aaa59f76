import type { Database } from '../../db/src/index.js';

/** A dated note drawn on the charts: an instant (`endsAt` null) or a period. */
export interface Annotation {
  id: number;
  startsAt: Date;
  endsAt: Date | null;
  title: string;
  note: string | null;
  /** Null: it belongs on the charts of every lens. */
  lens: string | null;
  createdBy: string;
  createdAt: Date;
}

export type AnnotationDraft = Pick<
  Annotation,
  'startsAt' | 'endsAt' | 'title' | 'note' | 'lens' | 'createdBy'
>;

const COLUMNS = `id::int, starts_at AS "startsAt", ends_at AS "endsAt", title, note, lens,
  created_by AS "createdBy", created_at AS "createdAt"`;

/** The annotations table: operators write, every chart reads. */
export class AnnotationRepository {
  constructor(private readonly db: Database) {}

  async create(draft: AnnotationDraft): Promise<Annotation> {
    const [row] = await this.db.query<Annotation>(
      `INSERT INTO annotations (starts_at, ends_at, title, note, lens, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
      [draft.startsAt, draft.endsAt, draft.title, draft.note, draft.lens, draft.createdBy],
    );
    return row;
  }

  /**
   * The annotations that overlap [from, to) — an instant inside it, or a period that meets it — for
   * `lens` (those of every lens too), in time order, at most `limit`.
   */
  overlapping(query: {
    from: Date | null;
    to: Date | null;
    lens: string | null;
    limit: number;
  }): Promise<Annotation[]> {
    return this.db.query<Annotation>(
      `SELECT ${COLUMNS} FROM annotations
        WHERE ($1::timestamptz IS NULL OR coalesce(ends_at, starts_at) >= $1)
          AND ($2::timestamptz IS NULL OR starts_at < $2)
          AND ($3::text IS NULL OR lens IS NULL OR lens = $3)
        ORDER BY starts_at, id
        LIMIT $4`,
      [query.from, query.to, query.lens, query.limit],
    );
  }

  /** True when there was one to delete. */
  async delete(id: number): Promise<boolean> {
    const rows = await this.db.query(`DELETE FROM annotations WHERE id = $1 RETURNING id`, [id]);
    return rows.length > 0;
  }
}
