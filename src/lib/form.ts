// A text field of a submitted form ("" when absent or a file).
export function formText(form: FormData | HTMLFormElement, name: string): string {
  const data = form instanceof FormData ? form : new FormData(form);
  const value = data.get(name);
  return typeof value === "string" ? value : "";
}
