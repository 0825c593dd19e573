import { createContext, Fragment, useContext, useRef, type HTMLAttributes, type ReactNode } from 'react';
import { useWidth } from './use-width.js';

export type Column<T> = {
  header: string;
  /** The header is for screen readers only (a column of checkboxes says what it is by their names). */
  headerHidden?: boolean;
  cell: (row: T) => ReactNode;
  /** The cell that names the row: a row header (`<th scope="row">`), so a screen reader says it with each cell. */
  rowHeader?: boolean;
  /** Classes of the column's body cells (`cell-number`, `cell-name strong`). */
  className?: string;
  /** The column's share of a fixed-layout table (`190px`, `13%`); the rest share what is left. */
  width?: string;
  /**
   * `low`: when the table is narrow, the column folds into the row's naming cell (its row header, else
   * the first) as a labelled line ("Hint tdk_sa_…3f2a"), so it is still there, only not a column of its own.
   */
  priority?: 'low';
  /** The width when the table is narrow (the low-priority columns gone); `width` otherwise. */
  narrowWidth?: string;
};

/** The last column: a row's buttons, under a header only screen readers hear. */
export type RowActions<T> = {
  header?: string;
  width?: string;
  /** The width when the row's buttons are a menu (see RowButtons, DataTable's `menuBelow`). */
  narrowWidth?: string;
  cell: (row: T) => ReactNode;
};

/** Whether the table around is too narrow for its rows' buttons: they fold into a menu (RowButtons reads it). */
export const NarrowTable = createContext(false);
export const useNarrowTable = () => useContext(NarrowTable);

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
  /** Below this width (px) the table is narrow: low-priority columns fold into the row's naming cell. */
  narrowBelow?: number;
  /** Below this width (px) the rows' buttons fold into a menu; `narrowBelow` unless said. */
  menuBelow?: number;
};

/**
 * A table of rows of one kind (members, groups, tokens, logs, audit, connections), with its loading,
 * empty and failed states. Fixed layout: widths are the columns'. Every column stays reachable at any
 * width: when the table is narrow, low-priority columns fold into the row's naming cell and the row's
 * buttons into a menu, rather than the table scrolling sideways or cutting them off.
 */
export function DataTable<T>(props: DataTableProps<T>) {
  const { rows, failed = false } = props;
  if (rows === null || rows === undefined) return failed ? null : (props.loading ?? null);
  if (rows.length === 0) return failed ? null : props.empty;
  return <Table {...props} rows={rows} />;
}

/** The table itself, measured: narrow below `narrowBelow`, so nothing is cut or pushed out of sight. */
function Table<T>(props: DataTableProps<T> & { rows: readonly T[] }) {
  const { label, className, rows, rowKey, actions, details, rowProps, narrowBelow = 880 } = props;
  const wrap = useRef<HTMLDivElement>(null);
  const measured = useWidth(wrap);
  const narrow = measured !== null && measured < narrowBelow;
  const menu = measured !== null && measured < (props.menuBelow ?? narrowBelow);
  const columns = narrow ? props.columns.filter((column) => column.priority !== 'low') : props.columns;
  const folded = narrow ? props.columns.filter((column) => column.priority === 'low') : [];
  const span = columns.length + (actions ? 1 : 0);
  // Folded columns go under the cell that names the row (a leading checkbox column is too narrow).
  const foldAt = Math.max(
    0,
    columns.findIndex((column) => column.rowHeader),
  );
  const width = (column: { width?: string; narrowWidth?: string }, folds = narrow) =>
    widthOf(folds ? (column.narrowWidth ?? column.width) : column.width);
  return (
    <div ref={wrap} className={`table-wrap${narrow ? ' table-wrap--narrow' : ''}`}>
      <NarrowTable.Provider value={menu}>
        <table className={`table ${className}`} aria-label={label}>
          <thead>
            <tr>
              {columns.map((column) => (
                <th key={column.header} scope="col" style={width(column)}>
                  {column.headerHidden ? <span className="visually-hidden">{column.header}</span> : column.header}
                </th>
              ))}
              {actions ? (
                <th scope="col" style={width(actions, menu)}>
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
                    {columns.map((column, index) => {
                      const content = (
                        <>
                          {column.cell(row)}
                          {index === foldAt && folded.length > 0 ? <Folded columns={folded} row={row} /> : null}
                        </>
                      );
                      return column.rowHeader ? (
                        <th key={column.header} scope="row" className={column.className}>
                          {content}
                        </th>
                      ) : (
                        <td key={column.header} className={column.className}>
                          {content}
                        </td>
                      );
                    })}
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
      </NarrowTable.Provider>
    </div>
  );
}

/** The low-priority columns of a narrow table, as labelled lines under the row's naming cell. */
function Folded<T>({ columns, row }: { columns: readonly Column<T>[]; row: T }) {
  return (
    <span className="table__folded">
      {columns.map((column) => (
        <span key={column.header} className="table__folded-item">
          <span className="table__folded-label">{column.header}</span> {column.cell(row)}
        </span>
      ))}
    </span>
  );
}

const widthOf = (width: string | undefined) => (width === undefined ? undefined : { width });

const joined = (...names: (string | undefined)[]) => names.filter(Boolean).join(' ') || undefined;
