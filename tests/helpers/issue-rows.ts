/**
 * Issue 13's table, row by row, as a user types it (one conversation, in order), with what the
 * answer must say. Each platform's test sends these its own way (Discord options, Slack signed
 * HTTP, the console's stdin) and reads the text the platform would show.
 */
export interface Row {
  command: 'ask' | 'convert';
  /** What the user typed after the command (Discord's option value). */
  text: string;
  /** The answer's language follows a Chinese question (Discord sends the client's locale). */
  zh?: boolean;
  says: RegExp[];
}

export const ISSUE_ROWS: readonly Row[] = [
  { command: 'ask', text: 'how much electricity does ChatGPT use a day?', says: [/500,000 kWh\/day/] },
  { command: 'ask', text: 'and how many homes is that?', says: [/ChatGPT's electricity use per day \(500,000 kWh\/day\) = 17,200 US households/] },
  { command: 'ask', text: 'who said that?', says: [/Who said it: Xiang Jiang/, /它每天的日耗电量/] },
  { command: 'ask', text: "what's the source?", says: [/Source: ChatGPT's electricity use per day/, /The New Yorker/] },
  { command: 'convert', text: 'that to households', says: [/ChatGPT's electricity use per day \(500,000 kWh\/day\) = 17,200 US households/] },
  { command: 'ask', text: 'how many homes could 50 MW power?', says: [/50 MW = 41,400 US households/, /helion-msft-50mw-2028/] },
  { command: 'ask', text: '5万张H100一年耗电多少度', zh: true, says: [/5万 块 H100，持续 一年 = 3\.07亿度/] },
  { command: 'ask', text: "how does ChatGPT's daily use compare to a nuclear plant?", says: [/ChatGPT's (electricity use per day|daily use) vs A nuclear plant \(Susquehanna, 2\.5 GW\): 120×/] },
  { command: 'convert', text: '20000 H100 to kW', says: [/20,000 H100 GPUs = 14,000 kW/] },
  { command: 'convert', text: '50k H100s to MW', says: [/50,000 H100 GPUs = 35 MW/] },
  { command: 'convert', text: '2 nuclear plants to GW', says: [/2 Susquehanna-size nuclear plants = 5 GW/] },
  { command: 'convert', text: '1 TWh to 亿度', zh: true, says: [/1 TWh = 10亿度/] },
  { command: 'convert', text: '3 exajoules to TWh', says: [/3 EJ = 833 TWh/] },
];
