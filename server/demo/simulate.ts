import { scoreResponse } from "../../forms/score.ts";
import type { Answers, FormJson } from "../../forms/types.ts";
import { listElements } from "../../forms/walk.ts";
import { generateCodes } from "../campaigns/codes.ts";
import type { Store } from "../store/store.ts";
import type { Campaign } from "../store/types.ts";

/** A small seeded generator, so the demo looks the same on every machine. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUGGESTIONS = [
  "Mong nhà trường tổ chức thêm hoạt động ngoại khóa cho các con.",
  "Nhà vệ sinh cần được sửa chữa và giữ sạch hơn.",
  "Thầy cô rất tận tâm, gia đình rất yên tâm.",
  "Đề nghị giảm bớt bài tập về nhà vào cuối tuần.",
  "Cần thêm cây xanh và chỗ vui chơi trong sân trường.",
  "Nên có buổi trao đổi định kỳ giữa giáo viên chủ nhiệm và phụ huynh.",
];

/** Answers every rated question around a quality level per criterion (1..5), with some noise. */
export function simulateAnswers(
  form: FormJson,
  quality: (criterion: string) => number,
  rand: () => number,
): Answers {
  const answers: Answers = {};
  for (const el of listElements(form)) {
    if (el.type === "rating" && el.name && el.criterion) {
      const value = Math.round(quality(el.criterion) + (rand() - 0.5) * 2.2);
      answers[el.name] = Math.min(el.rateMax ?? 5, Math.max(el.rateMin ?? 1, value));
    } else if (el.type === "comment" && el.name && rand() < 0.25) {
      answers[el.name] = SUGGESTIONS[Math.floor(rand() * SUGGESTIONS.length)] ?? "";
    }
  }
  return answers;
}

/**
 * Stores `count` simulated responses of a campaign at a school through the store (as submissions
 * would be), on codes made for the purpose (staff) or the school's link (parents).
 */
export async function simulateResponses(
  store: Store,
  campaign: Campaign,
  school: string,
  count: number,
  quality: (criterion: string) => number,
  rand: () => number,
  at: Date,
): Promise<void> {
  const form = await store.forms.get(campaign.formId, campaign.formVersion);
  if (!form || count === 0) return;
  const codes = generateCodes(campaign.kind === "parent" ? 1 : count, campaign.kind === "parent" ? 12 : 10);
  await store.campaigns.addCodes(campaign.id, school, campaign.kind, codes, at);
  // Sent without waiting for each other, so group commit stores them in a few transactions: on
  // PostgreSQL one at a time is a round trip each, minutes for the demo on a busy machine.
  const saves: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const access = await store.campaigns.findAccess(codes[campaign.kind === "parent" ? 0 : i] ?? "");
    if (!access) throw new Error("demo code vanished");
    const answers = simulateAnswers(form.json, quality, rand);
    const submitted = new Date(+at + Math.floor(rand() * 20) * 24 * 3600_000);
    const saved = store.responses.save({
      access,
      clientId: `demo-${campaign.id}-${school}-${i}`,
      answers,
      scores: scoreResponse(form.json, answers),
      now: submitted,
    });
    saves.push(saved);
  }
  await Promise.all(saves);
}
