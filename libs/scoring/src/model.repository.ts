import type { Database } from '../../db/src/index.js';

export interface ModelRecord {
  id: string;
  task: 'zero-shot-classification' | 'text-classification';
  revision: string;
  dtype: string;
  labels: string[];
  builtin: boolean;
  firstLoadedAt?: Date;
  lastLoadedAt?: Date;
}

/** The models that classify workers have loaded, so the API can say which are in use. */
export class ModelRepository {
  constructor(private readonly db: Database) {}

  async recordLoaded(model: ModelRecord): Promise<void> {
    await this.db.query(
      `INSERT INTO models (id, task, revision, dtype, labels, builtin) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id, task) DO UPDATE SET revision = EXCLUDED.revision, dtype = EXCLUDED.dtype,
         labels = EXCLUDED.labels, builtin = EXCLUDED.builtin, last_loaded_at = now()`,
      [model.id, model.task, model.revision, model.dtype, model.labels, model.builtin],
    );
  }

  list(): Promise<ModelRecord[]> {
    return this.db.query<ModelRecord>(
      `SELECT id, task, revision, dtype, labels, builtin, first_loaded_at AS "firstLoadedAt",
         last_loaded_at AS "lastLoadedAt" FROM models ORDER BY task, last_loaded_at DESC`,
    );
  }
}
