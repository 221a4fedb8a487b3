/** True when the text holds Chinese characters: a Chinese question gets a Chinese answer unless the user chose otherwise. */
export function hasChinese(text: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text);
}
