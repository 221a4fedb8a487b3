import escapeStringRegexp from 'escape-string-regexp';
/**
 * Speech-recognition slips in the transcript that must never reach a user. Quotes keep them
 * (they are verbatim); claims, context notes and keywords must use the intended words.
 * Only slips that cannot be ordinary words are listed, so the check has no false alarms.
 */
export interface AsrSlip {
  wrong: string;
  right: string;
  pattern: RegExp;
}

const slip = (wrong: string, right: string, pattern = new RegExp(escapeStringRegexp(wrong), 'i')): AsrSlip => ({ wrong, right, pattern });

export const ASR_SLIPS: readonly AsrSlip[] = [
  slip('KL Carbit', 'Kyle Corbitt'),
  slip('英国爱尔南', '英国、爱尔兰'),
  slip('爱尔南', '爱尔兰'),
  slip('汉海聚能', '瀚海聚能'),
  slip('ChalletGPT', 'ChatGPT'),
  slip('CHAT-TPT', 'ChatGPT'),
  slip('Chat GPT', 'ChatGPT'),
  slip('XLGBT', 'GPT-5'),
  slip('因为达', '英伟达'),
  slip('月质案面', '月之暗面'),
  slip('Brooks Road', 'Breakthrough Energy'),
  slip('Helen Energy', 'Helion Energy'),
  slip('Helen', 'Helion', /\bHelen\b/),
  slip('Haling', 'Helion'),
  slip('黑链', 'Helion'),
  slip('黑林', 'Helion'),
  slip('黑铃', 'Helion'),
  slip('柳科', '纽柯 (Nucor)'),
  slip('Commonwells', 'Commonwealth Fusion Systems'),
  slip('Ether', 'ITER', /\bEther\b/),
  slip('托克马克', '托卡马克'),
  slip('Prinston', 'Princeton'),
  slip('3M Automate', 'Sam Altman'),
  slip('辅导核电站', '福岛核电站'),
  slip('达玛克里斯', '达摩克利斯'),
  slip('东树西算', '东数西算'),
  slip('油235', '铀-235'),
  slip('油238', '铀-238'),
  slip('油矿', '铀矿'),
  slip('刀刀', '氘氘'),
  slip('刀川', '氘氚'),
  slip('每克川', '每克氚'),
  slip('核力变', '核裂变'),
  slip('核立变', '核裂变'),
  slip('核区变', '核聚变'),
  slip('核极变', '核聚变'),
  slip('R系元素', '锕系元素'),
  slip('核废调', '核废料'),
  slip('堆心融融', '堆芯熔融'),
  slip('长反卫型', '场反位形'),
  slip('等地体', '等离子体'),
  slip('中子场额', '中子产额'),
  slip('浮照强度', '辐照强度'),
  slip('竞能量输出', '净能量输出'),
  slip('波风波谷', '波峰波谷'),
  slip('边电站', '变电站'),
  slip('常识储能', '长时储能'),
  slip('镀电成本', '度电成本'),
  slip('太阳灯板', '太阳能板'),
  slip('探天吃饭', '看天吃饭'),
  slip('探中核', '碳中和'),
  slip('清电能源', '清洁能源'),
  slip('G瓦', 'GW'),
];
