/** Inline SVG icons: part of the DOM, so the CSP's img-src does not apply, and they follow currentColor. */

type IconProps = { size: 14 | 16; path: string };

/** Decorative: the button or text next to it says what it means. */
function Icon({ size, path }: IconProps) {
  return (
    <svg className="icon" viewBox="0 0 16 16" width={size} height={size} aria-hidden="true" focusable="false">
      <path fill="currentColor" d={path} />
    </svg>
  );
}

export const WarningIcon = () => (
  <Icon
    size={14}
    path="M8 1.5a1 1 0 0 1 .87.5l6 10.5A1 1 0 0 1 14 14H2a1 1 0 0 1-.87-1.5l6-10.5A1 1 0 0 1 8 1.5Zm0 4a.75.75 0 0 0-.75.75v3.5a.75.75 0 0 0 1.5 0v-3.5A.75.75 0 0 0 8 5.5Zm0 6.25a.9.9 0 1 0 0 1.8.9.9 0 0 0 0-1.8Z"
  />
);
export const SearchIcon = () => (
  <Icon
    size={16}
    path="M7 1.75a5.25 5.25 0 0 1 4.17 8.44l3.07 3.07a.75.75 0 1 1-1.06 1.06l-3.07-3.07A5.25 5.25 0 1 1 7 1.75Zm0 1.5a3.75 3.75 0 1 0 0 7.5 3.75 3.75 0 0 0 0-7.5Z"
  />
);
export const BackIcon = () => (
  <Icon
    size={14}
    path="M9.78 3.22a.75.75 0 0 1 0 1.06L6.06 8l3.72 3.72a.75.75 0 1 1-1.06 1.06L4.47 8.53a.75.75 0 0 1 0-1.06l4.25-4.25a.75.75 0 0 1 1.06 0Z"
  />
);
export const TrashIcon = () => (
  <Icon
    size={16}
    path="M6.5 1.5h3a1 1 0 0 1 1 1V3h3a.75.75 0 0 1 0 1.5h-.6l-.7 8.6A1.75 1.75 0 0 1 10.46 14.7H5.54a1.75 1.75 0 0 1-1.74-1.6l-.7-8.6h-.6a.75.75 0 0 1 0-1.5h3v-.5a1 1 0 0 1 1-1Zm-1.9 3 .69 8.48a.25.25 0 0 0 .25.22h4.92a.25.25 0 0 0 .25-.22l.69-8.48H4.6Zm2.15 1.75a.75.75 0 0 1 .75.75v4a.75.75 0 0 1-1.5 0V7a.75.75 0 0 1 .75-.75Zm2.5 0a.75.75 0 0 1 .75.75v4a.75.75 0 0 1-1.5 0V7a.75.75 0 0 1 .75-.75Z"
  />
);
export const PlusIcon = () => (
  <Icon
    size={14}
    path="M8 2.25a.75.75 0 0 1 .75.75v4.25H13a.75.75 0 0 1 0 1.5H8.75V13a.75.75 0 0 1-1.5 0V8.75H3a.75.75 0 0 1 0-1.5h4.25V3A.75.75 0 0 1 8 2.25Z"
  />
);
export const PencilIcon = () => (
  <Icon
    size={14}
    path="M11.01 1.95a1.75 1.75 0 0 1 2.48 0l.56.56a1.75 1.75 0 0 1 0 2.48l-7.9 7.9a1.75 1.75 0 0 1-.8.46l-2.9.73a.75.75 0 0 1-.91-.91l.73-2.9c.08-.3.24-.58.46-.8l7.9-7.9Zm1.42 1.06a.25.25 0 0 0-.36 0l-.94.94.92.92.94-.94a.25.25 0 0 0 0-.36l-.56-.56ZM11 6.93 10.07 6l-5.9 5.9a.25.25 0 0 0-.07.11l-.42 1.7 1.7-.42a.25.25 0 0 0 .11-.07L11 6.93Z"
  />
);
