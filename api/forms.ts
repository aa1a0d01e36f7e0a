import type { Kind } from "./manager.ts";
import type { LocalizedText } from "./respondent.ts";

export type { FormDiff, QuestionChange } from "../forms/diff.ts";

/** `PUT /api/forms/:formId[?unit=CODE]` → 201 (new content) or 200 (unchanged). */
export interface PublishedForm {
  id: string;
  version: string;
  /** The unit that owns the form; null: the catalogue (every tree). */
  unit: string | null;
}

/** A campaign answering one form version, as the form management page lists it. */
export interface FormCampaignRef {
  id: number;
  period: string;
  kind: Kind;
  unit: { code: string; name: string };
  opensAt: string;
  closesAt: string;
  closedAt: string | null;
}

export interface FormVersionInfo {
  version: string;
  publishedAt: string;
  /** The account name of who published it; null: the catalogue (from git) or the command line. */
  publishedBy: string | null;
  /** Only the campaigns the caller may see (its subtree, and the units above it). */
  campaigns: FormCampaignRef[];
}

export interface ManagedForm {
  id: string;
  title: LocalizedText | string;
  audience: Kind | null;
  /** The unit that owns the form; null: the catalogue. */
  owner: { code: string; name: string } | null;
  /** Newest first. */
  versions: FormVersionInfo[];
}

/** `GET /api/units/:code/forms` → the forms campaigns at that unit may use. */
export interface UnitForms {
  unit: { code: string; name: string };
  forms: ManagedForm[];
}
