import type { ReactNode } from 'react';

export type ScreenHeaderProps = {
  title: string;
  /** What the screen is for, under its title. */
  subtitle?: ReactNode;
  /** The screen's main actions, on the right. */
  children?: ReactNode;
};

/** A screen's title, what it is for, and its main actions. */
export function ScreenHeader({ title, subtitle, children }: ScreenHeaderProps) {
  return (
    <div className="screen__header">
      <div>
        <h1 className="screen__title">{title}</h1>
        {subtitle ? <p className="screen__subtitle">{subtitle}</p> : null}
      </div>
      {children}
    </div>
  );
}
