/**
 * The dashboard's map of businesses and visits (Leaflet 1.9). This module, and Leaflet with it, is
 * only ever loaded by `import()` from the dashboard when the coordinator opens the map: it is a
 * desk chunk (`assets/desk-*`), left out of the coach's precache (vite.config.ts).
 *
 * Points are vector circles on one canvas, not image markers: 22,000 of them stay smooth to pan,
 * and they are drawn whether or not the base map's tiles load (offline, or the tile server down).
 * The tile server comes from map-tiles.ts (a build setting).
 */
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { useEffect, useRef, useState } from 'react';
import type { CoachingStatus } from '@/shared/domain/business';
import type { MapPoints } from '@/shared/domain/dashboard';
import type { TileSetting } from './map-tiles';

export const STATUS_COLOURS: Record<CoachingStatus, string> = {
  baru: '#1d5fa8',
  berkembang: '#0f7b5f',
  stagnan: '#b35c00',
  naik_kelas: '#6a2fa0',
  tutup: '#6b6b6b',
};
const VISIT_COLOUR = '#c2185b';

/** Where the map opens before it has points: Banjarmasin's centre. */
const FALLBACK_CENTRE: L.LatLngTuple = [-3.3186, 114.5944];

export type BusinessMapText = {
  label: string;
  noTiles: string;
  tilesOff: string;
  open: string;
  lastVisit: (iso: string) => string;
  neverVisited: string;
  status: (status: CoachingStatus) => string;
  visits: string;
};

export function BusinessMap({
  points,
  tiles,
  text,
  onOpenBusiness,
}: {
  points: MapPoints;
  tiles: TileSetting;
  text: BusinessMapText;
  onOpenBusiness: (businessId: string) => void;
}) {
  const container = useRef<HTMLDivElement | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  // The latest callbacks without rebuilding the map when only they change.
  const latest = useRef({ text, onOpenBusiness });
  useEffect(() => {
    latest.current = { text, onOpenBusiness };
  });

  useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const renderer = L.canvas({ padding: 0.5 });
    const map = L.map(element, { preferCanvas: true, renderer, zoomControl: true }).setView(
      FALLBACK_CENTRE,
      12,
    );
    if (tiles) {
      const layer = L.tileLayer(tiles.url, { attribution: tiles.attribution, maxZoom: 19 });
      layer.on('tileerror', () => setTilesFailed(true));
      layer.addTo(map);
    }
    const bounds = L.latLngBounds([]);
    const group = L.featureGroup();
    for (const [, , lat, lng] of points.visits) {
      L.circleMarker([lat, lng], {
        renderer,
        radius: 3,
        stroke: false,
        fillColor: VISIT_COLOUR,
        fillOpacity: 0.6,
        interactive: false,
      }).addTo(group);
      bounds.extend([lat, lng]);
    }
    for (const [id, name, lat, lng, status, lastVisitAt] of points.businesses) {
      const marker = L.circleMarker([lat, lng], {
        renderer,
        radius: 5,
        weight: 1,
        color: '#ffffff',
        fillColor: STATUS_COLOURS[status],
        fillOpacity: 0.9,
      });
      // The popup is built when opened: 22,000 prepared popups would cost seconds and memory.
      marker.bindPopup(() => {
        const { text: t } = latest.current;
        const box = document.createElement('div');
        const title = document.createElement('strong');
        title.textContent = name;
        const facts = document.createElement('p');
        facts.textContent = `${t.status(status)} · ${lastVisitAt ? t.lastVisit(lastVisitAt) : t.neverVisited}`;
        const open = document.createElement('button');
        open.type = 'button';
        open.className = 'button';
        open.textContent = t.open;
        open.addEventListener('click', () => latest.current.onOpenBusiness(id));
        box.append(title, facts, open);
        return box;
      });
      marker.addTo(group);
      bounds.extend([lat, lng]);
    }
    group.addTo(map);
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
    return () => {
      map.remove();
    };
  }, [points, tiles]);

  return (
    <div className="dash-map-wrap">
      {!tiles && <p className="muted">{text.tilesOff}</p>}
      {tiles && tilesFailed && (
        <p className="notice" role="status">
          {text.noTiles}
        </p>
      )}
      <div ref={container} className="dash-map" role="region" aria-label={text.label} />
      <ul className="dash-legend">
        {(Object.keys(STATUS_COLOURS) as CoachingStatus[]).map((status) => (
          <li key={status}>
            <span className="dash-dot" style={{ background: STATUS_COLOURS[status] }} aria-hidden="true" />
            {text.status(status)}
          </li>
        ))}
        <li>
          <span className="dash-dot dash-dot-small" style={{ background: VISIT_COLOUR }} aria-hidden="true" />
          {text.visits}
        </li>
      </ul>
    </div>
  );
}
