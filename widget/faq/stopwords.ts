// Folded and stemmed like tokens are ("does" is "doe", "thì" is "thi"); a word common to both languages
// ("the", "do", "can", "may", "a") is listed once. Words that are also topics stay out even when often
// filler: "bao" (bảo hành), "tai" (tài khoản), "vi" (ví). "the" is in though it is also "thẻ" (card):
// word pairs such as "the visa" still carry that meaning.
const WORDS = new Set(
  (
    // English: question words, pronouns, auxiliaries, fillers.
    'a an the how what where when why which who whom whose do doe did done i im me my we our you your it ' +
    'its is are was were be been am to of for in on at by from with and or but if so can could would should ' +
    'will may might must please hi hello hey thank thi that these those there have ha had get got any some ' +
    'about into want need just also ok okay not no yes us they them he she his her here much many more very really ' +
    // Vietnamese: question words, pronouns, particles, greetings.
    'toi minh ban em anh chi shop ad oi ah nhe nha nhi vay sao lam nao gi dau khong ko k co duoc dc la cua ' +
    'cho voi va ma nay khi nhu hay hoac muon phai bi da dang se roi nua cung rat qua xin chao cam hoi giup ' +
    'lieu nhieu lau o vui long cac nhung mot cach huong dan de'
  ).split(' '),
);

/** True when a folded token is a question or stop word that says little about the topic. */
export const isStop = (t: string): boolean => WORDS.has(t);
