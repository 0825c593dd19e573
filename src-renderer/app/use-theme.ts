import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { settingsQuery } from '../data/queries.js';

/**
 * Puts the theme setting on the page as `<html data-theme>`: "light" or "dark" pins the colours
 * (base.css), none follows `prefers-color-scheme`. In Electron, main also sets nativeTheme from the
 * same setting, so the media query agrees; without Electron, this attribute is what pins it.
 */
export function useTheme(): void {
  const theme = useQuery(settingsQuery()).data?.theme ?? 'system';
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
