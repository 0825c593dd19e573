/**
 * The DOM matchers (`toBeInTheDocument`, `toBeDisabled`, `toHaveTextContent`, `toHaveAccessibleDescription`…)
 * for every renderer test: they say what the user sees, and fail when it is not there.
 */
import '@testing-library/jest-dom/vitest';
