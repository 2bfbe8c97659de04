// Registered local GGUF models (migration 008): one row per file path.
import type { LlmModelFile } from '../../contract/api-llm';
import type { SqliteDatabase } from '../db';
import { nowIso } from '../util';

/** A file to register: what its GGUF header says (contract/api-llm.ts). */
export type NewLlmModel = LlmModelFile;

export interface LlmModelRecord extends NewLlmModel {
  id: number;
  addedAt: string;
}

interface Row {
  id: number;
  path: string;
  name: string;
  architecture: string;
  bytes: number;
  quantization: string;
  context_length: number | null;
  parameters: number | null;
  vocab_size: number | null;
  chat_template: number;
  added_at: string;
}

const toEntity = (r: Row): LlmModelRecord => ({
  id: r.id,
  path: r.path,
  name: r.name,
  architecture: r.architecture,
  bytes: r.bytes,
  quantization: r.quantization,
  contextLength: r.context_length,
  parameters: r.parameters,
  vocabSize: r.vocab_size,
  chatTemplate: r.chat_template === 1,
  addedAt: r.added_at,
});

export function createLlmModelsRepository(db: SqliteDatabase) {
  return {
    create(m: NewLlmModel): number {
      const info = db
        .prepare(
          `INSERT INTO llm_models (path, name, architecture, bytes, quantization, context_length,
             parameters, vocab_size, chat_template, added_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          m.path,
          m.name,
          m.architecture,
          m.bytes,
          m.quantization,
          m.contextLength,
          m.parameters,
          m.vocabSize,
          m.chatTemplate ? 1 : 0,
          nowIso(),
        );
      return Number(info.lastInsertRowid);
    },
    get(id: number): LlmModelRecord | undefined {
      const r = db.prepare('SELECT * FROM llm_models WHERE id = ?').get(id) as Row | undefined;
      return r && toEntity(r);
    },
    byPath(path: string): LlmModelRecord | undefined {
      const r = db.prepare('SELECT * FROM llm_models WHERE path = ?').get(path) as Row | undefined;
      return r && toEntity(r);
    },
    list(): LlmModelRecord[] {
      return (db.prepare('SELECT * FROM llm_models ORDER BY id').all() as Row[]).map(toEntity);
    },
    delete(id: number): boolean {
      return db.prepare('DELETE FROM llm_models WHERE id = ?').run(id).changes > 0;
    },
  };
}

export type LlmModelsRepository = ReturnType<typeof createLlmModelsRepository>;
