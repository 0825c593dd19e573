import { Fragment, type HTMLAttributes, type ReactNode } from 'react';

export type Column<T> = {
  header: string;
  cell: (row: T) => ReactNode;
  /** The cell that names the row: a row header (`<th scope="row">`), so a screen reader says it with each cell. */
  rowHeader?: boolean;
  /** Classes of the column's body cells (`cell-number`, `cell-name strong`). */
  className?: string;
  /** The column's share of a fixed-layout table (`190px`, `13%`); the rest share what is left. */
  width?: string;
};

/** The last column: a row's buttons, under a header only screen readers hear. */
export type RowActions<T> = { header?: string; width?: string; cell: (row: T) => ReactNode };

/**
 * A line under a row, across every column: `note` reads as part of the row above (why its switch is
 * off), `panel` as something the row opened (an event's changes).
 */
export type RowDetails<T> = { kind: 'note' | 'panel'; content: (row: T) => ReactNode };

export type DataTableProps<T> = {
  /** The table's accessible name. */
  label: string;
  /** The table's own modifier, for what its CSS sets apart (`table--tokens`). */
  className: string;
  columns: readonly Column<T>[];
  /** Null or undefined while they load. */
  rows: readonly T[] | null | undefined;
  rowKey: (row: T) => string;
  actions?: RowActions<T> | undefined;
  details?: RowDetails<T>;
  rowProps?: (row: T) => HTMLAttributes<HTMLTableRowElement>;
  /** What shows while the rows load. */
  loading?: ReactNode;
  /** What shows when there are none. */
  empty: ReactNode;
  /** Reading the rows failed (the caller shows the error): neither "loading" nor "none" is true then. */
  failed?: boolean;
};

/**
 * A table of rows of one kind (members, groups, tokens, logs, audit, connections), with its loading,
 * empty and failed states. Fixed layout: widths are the columns', so a long value is cut, not the table.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { label, className, columns, rows, rowKey, actions, details, rowProps, failed = false } = props;
  if (rows === null || rows === undefined) return failed ? null : (props.loading ?? null);
  if (rows.length === 0) return failed ? null : props.empty;
  const span = columns.length + (actions ? 1 : 0);
  return (
    <div className="table-wrap">
      <table className={`table ${className}`} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" style={widthOf(column.width)}>
                {column.header}
              </th>
            ))}
            {actions ? (
              <th scope="col" style={widthOf(actions.width)}>
                <span className="visually-hidden">{actions.header ?? 'Actions'}</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const detail = details?.content(row) ?? null;
            const own = rowProps?.(row) ?? {};
            const noted = detail !== null && details?.kind === 'note';
            return (
              <Fragment key={rowKey(row)}>
                <tr {...own} className={joined(own.className, noted ? 'table__row--noted' : undefined)}>
                  {columns.map((column) =>
                    column.rowHeader ? (
                      <th key={column.header} scope="row" className={column.className}>
                        {column.cell(row)}
                      </th>
                    ) : (
                      <td key={column.header} className={column.className}>
                        {column.cell(row)}
                      </td>
                    ),
                  )}
                  {actions ? <td className="cell-actions">{actions.cell(row)}</td> : null}
                </tr>
                {detail !== null ? (
                  <tr className={`table__details table__details--${details?.kind ?? 'note'}`}>
                    <td colSpan={span}>{detail}</td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const widthOf = (width: string | undefined) => (width === undefined ? undefined : { width });

const joined = (...names: (string | undefined)[]) => names.filter(Boolean).join(' ') || undefined;
