/**
 * A secret a mutation must carry in its variables, which the mutation cache keeps: a token typed into
 * the connection form. The cache holds only this box, which serialises and prints as "[concealed]";
 * `open()` gives the value to the call that sends it. Mutations that carry one also use gcTime 0, so
 * the box goes once their form does.
 */
export class Concealed<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  open(): T {
    return this.#value;
  }

  toJSON(): string {
    return '[concealed]';
  }

  toString(): string {
    return '[concealed]';
  }
}
