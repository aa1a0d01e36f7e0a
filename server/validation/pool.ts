import { Worker } from "node:worker_threads";
import type { AnswerError, FormJson, Locale } from "../../forms/types.ts";
import type { Task } from "./worker.ts";

export interface PoolLimits {
  /** Worker threads that check answers survey-core must check (started on first use). */
  workers: number;
  /** Longest one check may take; a check over it is stopped (its worker replaced) and refused. */
  budgetMs: number;
  /** Checks waiting for a worker; more are refused at once rather than queued without end. */
  maxQueue: number;
}

export const DEFAULT_POOL_LIMITS: PoolLimits = { workers: 1, budgetMs: 5000, maxQueue: 200 };

/** A check took longer than the budget, or too many were waiting: the request is refused, not stalled. */
export class ValidationOverBudget extends Error {}

interface Job {
  key: string;
  form: FormJson;
  answers: unknown;
  locale: Locale;
  resolve(errors: AnswerError[]): void;
  reject(err: Error): void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  seen: Set<string>;
  job?: { id: number; job: Job; timer: NodeJS.Timeout };
}

// From source (tsx, vitest) the worker is TypeScript and needs tsx's loader; the bundle (server/cli/build.ts)
// has its worker next to it.
const fromSource = import.meta.url.endsWith(".ts");
const WORKER_URL = fromSource
  ? new URL("./tsx-boot.mjs", import.meta.url)
  : new URL("./validation-worker.mjs", import.meta.url);
const WORKER_DATA = fromSource ? { entry: new URL("./worker.ts", import.meta.url).href } : undefined;

/**
 * survey-core's own validation (forms the compiled checks do not cover: ~1,000× slower, seconds for a
 * huge form) runs here, on worker threads, so that no answer can stall the event loop that serves
 * everyone else; each check has a time budget.
 */
export class ValidationPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;

  constructor(private readonly limits: PoolLimits = DEFAULT_POOL_LIMITS) {}

  check(key: string, form: FormJson, answers: unknown, locale: Locale): Promise<AnswerError[]> {
    return new Promise((resolve, reject) => {
      if (this.queue.length >= this.limits.maxQueue)
        return reject(new ValidationOverBudget("too many answers waiting to be checked"));
      this.queue.push({ key, form, answers, locale, resolve, reject });
      while (this.slots.length < Math.max(1, this.limits.workers)) this.slots.push(this.spawn());
      this.pump();
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_URL, { workerData: WORKER_DATA });
    // An idle pool must not keep a command or a test run alive.
    worker.unref();
    const slot: Slot = { worker, ready: false, seen: new Set() };
    worker.on("message", (m: { ready?: true; id?: number; errors?: AnswerError[]; failure?: string }) => {
      if (m.ready) slot.ready = true;
      else if (slot.job && m.id === slot.job.id) {
        const { job, timer } = slot.job;
        clearTimeout(timer);
        slot.job = undefined;
        if (m.errors) job.resolve(m.errors);
        else job.reject(new Error(`validation failed: ${m.failure}`));
      }
      this.pump();
    });
    const lost = (err: Error) => {
      if (!this.slots.includes(slot)) return;
      if (slot.job) {
        clearTimeout(slot.job.timer);
        slot.job.job.reject(err);
      }
      this.replace(slot);
    };
    worker.on("error", lost);
    worker.on("exit", (code) => lost(new Error(`validation worker stopped (${code})`)));
    return slot;
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
    if (this.queue.length > 0) {
      this.slots.push(this.spawn());
    }
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift();
      if (!job) return;
      const id = this.nextId++;
      const task: Task = { id, key: job.key, answers: job.answers, locale: job.locale };
      if (!slot.seen.has(job.key)) task.form = job.form;
      slot.seen.add(job.key);
      const timer = setTimeout(() => {
        slot.job = undefined;
        job.reject(new ValidationOverBudget(`checking took over ${this.limits.budgetMs} ms`));
        this.replace(slot);
        this.pump();
      }, this.limits.budgetMs);
      slot.job = { id, job, timer };
      slot.worker.postMessage(task);
    }
  }
}
