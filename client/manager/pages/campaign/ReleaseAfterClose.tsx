import { useManageText } from "../../i18n-manage.ts";

/** The campaign setting that publishes results once, when the campaign closes (issue 13). */
export function ReleaseAfterClose({
  checked,
  onChange,
}: {
  checked: boolean;
  onChange: (v: boolean) => void;
}) {
  const tm = useManageText();
  return (
    <div className="field">
      <label className="choice">
        <input
          type="checkbox"
          id="nc-releaseAfterClose"
          checked={checked}
          aria-describedby="nc-releaseAfterClose-hint"
          onChange={(e) => onChange(e.target.checked)}
        />
        {tm.releaseAfterClose}
      </label>
      <small id="nc-releaseAfterClose-hint" className="hint">
        {tm.releaseAfterCloseHint}
      </small>
    </div>
  );
}
