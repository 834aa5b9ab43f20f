// How a fee is paid, as finance records it (the enrolment payment in the inbox, a retake's exam
// fee in the exams' finance list).

/**
 * How a fee was paid, as finance records it: one of six, chosen, not typed. The value sent is
 * the Chinese name (the API takes a string, and the receipt and the ledger read the same
 * whichever language the clerk's screen is in); the option reads in the screen's language.
 */
export const PAYMENT_METHODS = [
  { key: 'bank_transfer', value: '银行转账' },
  { key: 'cash', value: '现金' },
  { key: 'card', value: 'POS刷卡' },
  { key: 'wechat_pay', value: '微信支付' },
  { key: 'alipay', value: '支付宝' },
  { key: 'other', value: '其他' },
] as const;
