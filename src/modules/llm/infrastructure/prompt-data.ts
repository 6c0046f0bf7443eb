// Text we did not write (the customer's, the articles') goes into a prompt as data: in a tag of its own, with
// every tag-like "<" in it defused, so the text can neither close its block nor open one that looks like ours.
export function dataBlock(tag: string, attributes: Record<string, string>, text: string): string {
  const attributeList = Object.entries(attributes)
    .map(([name, value]) => ` ${name}="${defuse(value).replace(/"/g, "'").replace(/\s+/g, ' ')}"`)
    .join('');
  return `<${tag}${attributeList}>\n${defuse(text)}\n</${tag}>`;
}

// "</customer_messages >", "< /article", "<!--": any "<" before a letter, "/", "!" or "?" (spaces allowed).
const defuse = (text: string) => text.replace(/<(?=\s*[/!?\p{L}])/gu, '&lt;');
