import { create } from 'zustand';

/**
 * The one question "is it really you?" open at a time: a request main answered `step_up_required`
 * waits here until the step-up dialog says yes (the passphrase was right) or no (cancelled). Holds a
 * callback only, never what the user typed.
 */
type StepUpState = {
  pending: ((confirmed: boolean) => void) | null;
  ask: () => Promise<boolean>;
  answer: (confirmed: boolean) => void;
};

export const useStepUp = create<StepUpState>()((set, get) => ({
  pending: null,
  ask: () => {
    // A second request asking meanwhile shares the same question.
    const open = get().pending;
    return new Promise<boolean>((resolve) => {
      set({
        pending: (confirmed) => {
          open?.(confirmed);
          resolve(confirmed);
        },
      });
    });
  },
  answer: (confirmed) => {
    const pending = get().pending;
    set({ pending: null });
    pending?.(confirmed);
  },
}));
