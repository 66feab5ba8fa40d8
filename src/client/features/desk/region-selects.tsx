import type { RegionNames } from '@/client/data/reference-repository';

/**
 * The kecamatan and kelurahan choices every desk list filters by (review queue, businesses,
 * dashboard), from the city's regions stored on this device. A kelurahan can be picked once a
 * kecamatan is; the page clears the kelurahan when the kecamatan changes.
 */
export function RegionSelects({
  regions,
  district,
  village,
  onChange,
  text,
}: {
  regions: RegionNames | null | undefined;
  district: string;
  /** Left out: no kelurahan choice (the dashboard). */
  village?: string;
  onChange: (name: 'kecamatan' | 'kelurahan', value: string) => void;
  text: { district: string; anyDistrict: string; village?: string; anyVillage?: string };
}) {
  const villages = regions?.regions.districts.find((d) => d.code === district)?.villages ?? [];
  return (
    <>
      <label className="field">
        <span>{text.district}</span>
        <select value={district} onChange={(e) => onChange('kecamatan', e.target.value)}>
          <option value="">{text.anyDistrict}</option>
          {regions?.regions.districts.map((d) => (
            <option key={d.code} value={d.code}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      {village !== undefined && (
        <label className="field">
          <span>{text.village}</span>
          <select
            value={village}
            disabled={villages.length === 0}
            onChange={(e) => onChange('kelurahan', e.target.value)}
          >
            <option value="">{text.anyVillage}</option>
            {villages.map((v) => (
              <option key={v.code} value={v.code}>
                {v.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}
