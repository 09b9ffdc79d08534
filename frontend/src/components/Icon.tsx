import type { PageId } from '../lib/pages';

// Small inline SVG icons (24x24, stroke-based); no icon fonts.
const PATHS: Record<PageId, string> = {
  chat: 'M4 5h16v11H9l-5 4z',
  library: 'M5 4h4v16H5zM11 4h4v16h-4zM16.5 5.2l3.8-1 3 14.6-3.8 1',
  models: 'M12 3l8 4.5v9L12 21l-8-4.5v-9zM12 12l8-4.5M12 12v9M12 12L4 7.5',
  monitor: 'M3 12h4l2-5 4 10 2-5h6',
  backup: 'M4 7h16v13H4zM4 7l2-3h12l2 3M12 10v7M9 14l3 3 3-3',
  settings:
    'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 2v3M12 19v3M2 12h3M19 12h3M4.9 4.9l2.1 2.1M17 17l2.1 2.1M4.9 19.1L7 17M17 7l2.1-2.1',
};

export function PageIcon({ page }: { page: PageId }) {
  return (
    <svg
      className="icon"
      viewBox="0 0 24 24"
      width="20"
      height="20"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.8"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d={PATHS[page]} />
    </svg>
  );
}
