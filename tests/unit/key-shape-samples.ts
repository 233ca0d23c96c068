/**
 * Synthetic keys for the key-shape tests: for each provider, keys that must match one of its shapes and
 * near-misses (a character short or long, wrong prefix) that must not. Every key is fake. They are
 * stored in 8-character pieces so secret scanners (push protection, gitleaks) do not flag this file.
 */
const join = (...pieces: string[]) => pieces.join('');

export const keySamples: Record<string, { match: string[]; nearMiss: string[] }> = {
  "mistral": {
    match: [
      join("FAKEQIE7", "NYGUnHBI", "0IRRPjdF", "Vs9YBoYD"),
      join("FAKEkeyj", "3Hv8GNDg", "70unKmqt", "0hGY2WkY"),
    ],
    nearMiss: [
      join("FAKEYADf", "ettb4ZNQ", "BOeQLwAn", "EhhA8A9"),
      join("FAKE7hL0", "7Lj77kbD", "iv0KDEhY", "WcZ9HHZ0", "6"),
      join("FAKE-SQt", "UNw2NbeF", "s51CeXiI", "NEyBgb08"),
      join("FAKEIti5", "vGlpkRSW", "POdQkgaW", "HTD28tL_"),
    ],
  },
  "openai": {
    match: [
      join("sk-proj-", "FAKE_dRN", "O87e9J8L", "E6-3iwv4", "hu5Ezo3W", "50JDFbVS", "YzZvwVCU", "U10pR6lv", "GaKQkPzW", "R3vjEZwt", "WdT3Blbk", "FJFAKE-C", "kZ_8hoDg", "Xerzj51J", "z0Ojjbz0", "o-e_ARP2", "3Obtmctr", "hz77AuYk", "kB2TxeQn", "FSL35sZI", "3BEr"),
      join("sk-proj-", "FAKEVYLo", "CpIhmWnv", "y-oJDi3n", "3lolkFFI", "0btVW1i6", "y66NaAtL", "j4_0HaUC", "lLT3Blbk", "FJFAKEvC", "nJfXpC7o", "xbT88nNS", "7MLT2mM3", "MscTHVk1", "RivBQXE3", "iWwUajnd", "7Icb"),
      join("sk-svcac", "ct-FAKEd", "pWcgRFTn", "Xo_tYRa7", "TiSHaF8i", "0CgoocxT", "8bUZCqHv", "NsE0ORsl", "9SwRlwaM", "_r5I6vqk", "jZGXgT3B", "lbkFJFAK", "EAdELouj", "yVF0djWc", "8jrozccQ", "NvyW7lYX", "BgIfWSJM", "f32crIoC", "Y-qW-__a", "R6V43RAW", "Wx-TTn8"),
      join("sk-svcac", "ct-FAKE_", "xTX8Q9ls", "y9hrubpC", "oA1NNAHh", "hEFs3hEI", "QOH9Wq4Z", "qqWuhEys", "Vq0wdT3B", "lbkFJFAK", "E_d98_lv", "D1qULTIL", "Eco59xoi", "rXEw8adC", "XhJ-bQd6", "5IsmB5rz", "DOsOSSG"),
      join("sk-admin", "-FAKEly9", "TLHfsdLC", "U2TMAd8h", "RcZIp0YJ", "07p1KV3I", "5IoAf5BQ", "MOEFioX8", "Mw2T3Blb", "kFJFAKEr", "orBbaq35", "OnKT5n8q", "_ARoLv8V", "keWUZIux", "O0wnddFB", "XCwin_34", "AqwbX"),
      join("sk-admin", "-FAKE-y9", "MzhnHdOZ", "-BUu2okO", "p3Ht7HEV", "dh016DtP", "ZuOq6N0d", "ZRUSToDh", "GtrT3Blb", "kFJFAKE-", "f_tXg-Sv", "fbJWZQG-", "gIh3qoI2", "dclwWMCu", "FrBvgsnK", "rIePmTMv", "bHOhh"),
      join("sk-FAKEM", "jzbRKShg", "xmyTtqQT", "3BlbkFJF", "AKEg8OHR", "h7EWZ0rH", "ZbK"),
      join("sk-FAKE9", "sQzyN8nZ", "RxeC5nrT", "3BlbkFJF", "AKEqLPsR", "m9PHKc0c", "2Ux"),
    ],
    nearMiss: [
      join("sk-prj-F", "AKEHZV42", "kjqCwIX7", "EZ4HKLMt", "R1la4tTR", "EobMTx0X", "ZlgXyiUa", "snaYz83C", "HKn3tsvi", "3_1HLmsz", "7T3BlbkF", "JFAKEnpC", "pGixg2Ne", "sfQ-hsaL", "90CeT7Re", "GS5-MFBP", "d25G5ZOp", "1_dExyaz", "TSjNBFGe", "gnHY7yAu", "Jnm"),
      join("sk-proj-", "FAKE09tD", "-bSf1BJQ", "R8UTmrX3", "tqzRrg3O", "C6t2mVX5", "ivNmUbyv", "1LVzIfqQ", "r8TiMEKy", "q86YYaxc", "lpT3Blbk", "FXFAKE_5", "5RsK5Kp6", "MkQoMofQ", "9-8IgrHh", "k-szKGQF", "a4ObCOMm", "mQct0RiH", "RAxGSHu2", "nBHJZxTh", "WwZC"),
      join("sk-proj-", "FAKEqd2R", "IgravgNz", "PNlM3QMh", "hOZMRo_g", "E5EdR_Cc", ".QY6HZuh", "HbfSs3W9", "KZnTqX81", "Q2HGbvBh", "BdT3Blbk", "FJFAKE36", "tQMa0U0c", "J_qcb023", "oxzWUW8u", "8-3Lb6jA", "j2rz7iaY", "7Gepl06x", "4lmIihVp", "YBt10TBg", "xoyk"),
      join("sk-svcac", "ct-FAKE9", "qYBoU9pC", "CmJmr1NS", "430b0B5M", "Hz64GObu", "DI2ZAjph", "Ekx-Hx0G", "p-ZdckIw", "NGv0LKJH", "AhkMvT3B", "lbkFJ"),
      join("sk-admin", "-FAKE511", "NTXpqJPS", "dLvyOslR", "bpIHZS99", "9VYtJeZ9", "N6bjF7Q5", "z8YxWwKU", "0jT3Blbk", "FJFAKEP3", "JjO4jBkC", "ezoHEnpd", "mPr3-y-u", "jd3XIs9c", "tq2A9t-L", "_0i8Lpse", "XsXw"),
      join("sk-admin", "-FAKE00z", "X9fOw8oA", "_LJuHyfs", "cQqwYdo0", "GpCBPbwO", "DzbVOcmu", "gzAAy8Iq", "5QZT3Blb", "kFJFAKE7", "8w1wsXAG", "zAt2bo8E", "6RKm7nN2", "xfIOC6lE", "Caz_ueUe", "VDIreJjp", "23dn5M"),
      join("sk-FAKEy", "EDb3kDAf", "9C5pYkT3", "BlbkFJFA", "KEuEdY7q", "pKIVaQh9", "Tu"),
      join("sk-FAKEH", "GWMHwTxI", "G7XdzxJT", "3BlbkFJF", "AKEIaB3G", "W7unFyrd", "1uXo"),
      join("sk_FAKEJ", "4kJgczDm", "Ruj8VW5T", "3BlbkFJF", "AKE8x69b", "veYsNaHA", "h5O"),
    ],
  },
  "anthropic": {
    match: [
      join("sk-ant-a", "pi03-FAK", "E_anTQ6O", "RcxFmltU", "VTUUhquf", "UwPumXvl", "DesQ4iiM", "HzUqRUbT", "craza9P1", "spnxTKng", "zBCB00tw", "F2uz9mBR", "QHgGMnWy", "LRAA"),
      join("sk-ant-a", "pi03-FAK", "E--JQfDO", "qlHeuTP_", "NH_Z81ZQ", "LhFjVVw0", "u6lQmm_a", "5kJ1tQc-", "YgiyVxLN", "6KIT-ZUG", "eMn3DHT6", "ZJpbLoLC", "DDwnfMfm", "IHAA"),
      join("sk-ant-a", "dmin01-F", "AKEyb9kp", "aYjIO4Wa", "10Eh1Jbh", "32YdEMGr", "CDvP817j", "efUnPiZO", "lLrbAtbW", "J-vLslih", "_zh2JuNw", "Tg6X9wMh", "Nd2FWoIE", "-mtzAA"),
      join("sk-ant-a", "dmin01-F", "AKE_ymRw", "RFL3d3dx", "QF6SIXNH", "e-HXpcBC", "rDCrfv4y", "CO39Pqkv", "fA76-pkl", "jxiZC99Z", "pT-OJRT8", "HYgRIqI2", "l0NBDFF-", "TQ9PAA"),
    ],
    nearMiss: [
      join("sk-ant-a", "pi03-FAK", "ESale_IK", "XIMIuzCu", "Z2vAkesV", "2j9F648Y", "nxyl7_Gv", "xD4qfCxV", "4g3TtF0D", "6NghHJga", "xC-wdQUw", "1jfmjzXC", "arRqakIW", "_AA"),
      join("sk-ant-a", "pi03-FAK", "EMYbnMWR", "lJvuSYs-", "aEz48SLE", "78xB4KBy", "cwnYJV8I", "UTiq0IPR", "LfFhhOF1", "Nf0rj966", "PCi30bYP", "AEPUCLht", "-Ogk7o3-", "QWxAA"),
      join("sk-ant-a", "pi03-FAK", "EUUNuhgd", "vF7uRdGl", "lOcEeabp", "zRclJLCn", "UaEFPr99", "HSDoyYpg", "lIkop6yx", "lolrhFmW", "6cCEAuz2", "0y304mfo", "X0TU7-xT", "TtAB"),
      join("sk-ant-a", "pi04-FAK", "EQbVbpoX", "IHlkZ4bd", "-eYYnKZU", "7TjMrulI", "3z7vy8Hq", "g0-7iogg", "uElXOXYc", "L3Xg0_O5", "l7G-Ab9Z", "SzLYlnKd", "XXgyzdPC", "E2AA"),
      join("sk-ant-a", "dmin01-F", "AKE2vF7q", "2pNNm7FK", "fZM_8fYJ", "n1JqkPx_", "ltRP0edD", "51B_SAfk", "uf5kb2cL", "OmT2Yex_", "SK-j-udP", "SXW0ziJK", "5geViYyW", "42cAA"),
      join("sk-ant-a", "dmin02-F", "AKEsx4J7", "hMUs8iFo", "9juC7Qyp", "VqXBIvYD", "8NA7WTli", "OZZwpxhI", "LuACeuHj", "w6ZQjZ9m", "DDKNwAp9", "BzJOtnfS", "b6lnB7zd", "h_1xAA"),
    ],
  },
  "gemini": {
    match: [
      join("AIzaSyFA", "KEllJjI7", "r6-2CAPE", "AjQV5oLP", "AtYRQUR"),
      join("AIzaFAKE", "_Mge7-lg", "DyByQnyL", "UeN9R2_Q", "enM-ySQ"),
    ],
    nearMiss: [
      join("AIzaSyFA", "KEMYrjqB", "wQnLwaJP", "z7rS1XOR", "T9YRT2"),
      join("AIzaSyFA", "KECdqRTV", "kyS7wwv6", "Gf_8s8Q7", "Q12PsQtO"),
      join("AIzbSyFA", "KEBBex_K", "BkwbEGoU", "mLmyfpon", "kNkF0RG"),
      join("aizaSyFA", "KE_HHwHy", "ZzRIKhQh", "ggfURnpq", "tYhqoAA"),
    ],
  },
  "groq": {
    match: [
      join("gsk_FAKE", "lZASrUjr", "nFZtHxn2", "cHw9M6E7", "lV8NTJCM", "eH0oiX03", "h3NLyhOI"),
      join("gsk_FAKE", "5yGhF6b9", "zVYSGRlX", "ESxmRExg", "pL7jqh9j", "BjDcgZSX", "FHsvJ3t2"),
    ],
    nearMiss: [
      join("gsk_FAKE", "wWZvdAzl", "p28g08Cr", "AOqBjzRf", "mJMQcJ6V", "J5tiYPFX", "u2eFRH3"),
      join("gsk_FAKE", "1he8jEFW", "pfcw2g6T", "Eyy2iuss", "ULzArQwS", "kmCyjq33", "ajzeSiJp", "S"),
      join("gsk-FAKE", "RuavlFHh", "akFNNvVU", "FYuWMQ13", "MyHK5d9R", "GQZxU72p", "BV0MjHTb"),
      join("gsk_FAKE", "99BKsUcb", "SbqKmwId", "3BgtdjRy", "aeehY9RW", "q7Nyaxvh", "xobE"),
    ],
  },
  "cohere": {
    match: [
      join("FAKE86af", "Z0uSZ91y", "VKFjI9BE", "3VB9QIE8", "aH1DpcGL"),
      join("FAKEcohe", "reMLNy4b", "aVxOOXKR", "GHwgKEpH", "AE0urbTu"),
    ],
    nearMiss: [
      join("FAKEb2VY", "95R4beV0", "93MI8s7j", "wVRCdyvJ", "VAKhrbM"),
      join("FAKECghA", "xSFWgSHN", "HhceRXdl", "wv4mtd93", "YDQiiUDx", "H"),
      join("FAKEUGvE", "Jyzps2cP", "IGf2SlvN", "aWzJES1H", "zARTWr3-"),
    ],
  },
  "together": {
    match: [
      join("tgp_v1_F", "AKE_zOyE", "bbVrsT18", "toK0CuyP", "TfqV7XAp", "6pO_iYeO", "47"),
      join("tgp_v2_F", "AKE_Blm3", "gXWaNfsR", "Uq8vqiV3", "sunQsvX-", "bvN5oQ2q", "w9"),
      join("deadbeef", "f2afe807", "9ee744c2", "17ea9642", "2c0797f6", "4a4b742c", "9080aa62", "65a50f28"),
      join("fa4edead", "cb25f1f1", "3d88c803", "040e893f", "4ab2daa5", "efec7970", "d66168fd", "6f9da63d"),
    ],
    nearMiss: [
      join("tgp_v1_F", "AKEmW8bK", "yXi4XOoE", "3HrTVaYo", "Rqw1kq"),
      join("tgp_v1_F", "AKE-n4dA", "FWbHmlQM", "tWaTXNm-", "XZNV-Vg"),
      join("tgp_v1_F", "AKE_zOyE", "bbVrsT18", "toK0CuyP", "TfqV7XAp", "6pO_iYeO", "47x"),
      join("tgp_vX_F", "AKE_Blm3", "gXWaNfsR", "Uq8vqiV3", "sunQsvX-", "bvN5oQ2q", "w9"),
      join("deadbeef", "fec1a54f", "8a309717", "ec24fb4f", "9d15d100", "fdc1debd", "2865edac", "2bcb750"),
      join("deadbeef", "93716adc", "03ea635e", "77d6281c", "5da417c6", "2da71b63", "56891397", "4dc63319", "3"),
      join("deadbeef", "b56687a3", "eed96ece", "434df835", "3e12ebc8", "d910e78f", "7f142a35", "2c594c8g"),
    ],
  },
  "fireworks": {
    match: [
      join("fw_FAKEN", "DpVYoIRK", "EfjSSJrs", "AvB"),
      join("fw_FAKEQ", "OxNxUSAm", "SCBotpj"),
    ],
    nearMiss: [
      join("fw_FAKEE", "z5lRO3GU", "TWhU9Y"),
      join("fw-FAKEY", "SlAbgD51", "nWpI4srQ", "QW7"),
      join("fw_FAKE7", "ob3lgV7C", "EWuJH5h-", "x"),
    ],
  },
  "deepseek": {
    match: [
      join("sk-deadb", "eef82c55", "b0224258", "648c4673", "da0"),
      join("sk-fa4ed", "eadb094d", "69e3f68e", "ab2dbaf7", "ce3"),
    ],
    nearMiss: [
      join("sk-deadb", "eef74d4e", "c52c8c0b", "bda8e372", "93"),
      join("sk-deadb", "eefbd859", "233913d3", "7d4e4738", "3573"),
      join("sk-deadb", "eef3545c", "752bec66", "2895eb4c", "29G"),
      join("sk_deadb", "eef3c00e", "e00d13b3", "b982d7cf", "338"),
    ],
  },
  "xai": {
    match: [
      join("xai-FAKE", "aa3bHgD5", "y8fl2iby", "_b0cj6o5", "dUCql99S", "rfY0aXMG", "p_MeztTR", "n6kislV7", "F2AxJZGa", "BNVFBTRW", "dND6"),
      join("xai-FAKE", "_CptXXjb", "JEZy0HRm", "BLQ5K4pB", "ehYMHxoO", "hGSdFeLj", "hSX7IZ_x", "TDVs_Mtp", "Jbnrtd06", "yOy40Kwx", "y800"),
    ],
    nearMiss: [
      join("xai-FAKE", "U3dH1wnB", "OKnFCosc", "zl7TqBpZ", "iN3JEKDQ", "jSvE4d4E", "BqulfVWT", "eAvkEC8L", "Jq9CnzKp", "fTKElxvI", "HYr"),
      join("xai-FAKE", "Cuy2O3nl", "C48cfNJE", "2wBGCloA", "CK7EAA3i", "_q4VeMp_", "dssVJFQd", "lW9Du0gu", "FxEA52kX", "PYhSMz5_", "BEtSW"),
      join("xai_FAKE", "ycB5UT24", "45Fzd6Gw", "eiVKUK3e", "PbulVCvR", "bZCQe0Iq", "EeOXq4vb", "4QtbkIjp", "QfaRNU5v", "cpazjzzR", "Al6Y"),
      join("xai-FAKE", "9kkg3HYb", "5EC4Ay5f", "GsKH8OK2", "pCuLVFuE", "2OEebn8f", "GiZapCxM", "z8kdm63t", "QPjEUqkI", "QZJoeWSD", "3vW-"),
    ],
  },
  "openrouter": {
    match: [
      join("sk-or-v1", "-deadbee", "f566e0cb", "c3048b1a", "332897e2", "4be84139", "83d526aa", "0bec3357", "5ede87d9", "2"),
      join("sk-or-v1", "-fa4edea", "dc6dac2f", "44418b83", "233607d5", "f7cc2666", "447c9210", "6b99d637", "438822b6", "c"),
    ],
    nearMiss: [
      join("sk-or-v1", "-deadbee", "f3ec6077", "3872b8c1", "af5831da", "b0c8102b", "9d19d711", "0e089a89", "d9ce1677"),
      join("sk-or-v1", "-deadbee", "f67ef4b2", "1b3894d1", "e5b28ed4", "767927a6", "5fd75ee0", "72a859de", "0d7334fc", "3a"),
      join("sk-or-v2", "-deadbee", "f21c6acb", "d390ab02", "982ff62a", "87f83e1a", "c6bae9cc", "e9113e5a", "b081453f", "1"),
      join("sk-or-v1", "-deadbee", "fe636c8d", "63c99e0d", "8e0712b6", "f0f03119", "1834a831", "906cca97", "b83670c5", "F"),
    ],
  },
  "perplexity": {
    match: [
      join("pplx-FAK", "EouCqcNN", "0fnFAtOP", "hbKxaCnP", "AKNFI1BK", "8P33fAaS", "f1jAv"),
      join("pplx-FAK", "EmDJb77y", "5J353G7x", "i4gyONRk", "Ro0nDpbS", "y7oWAEyt", "XkgJb"),
    ],
    nearMiss: [
      join("pplx-FAK", "EXXXaL39", "8U5ktxa3", "XB7D1uLt", "pamyZGHX", "hnnubDaZ", "KBWo"),
      join("pplx-FAK", "Etm0hqwk", "U8mYwnOx", "OaplpMBD", "wNOIDEDU", "nzG2H7A4", "5DXMY1"),
      join("ppl-FAKE", "FB4vNQMs", "tslFlZa3", "L8MoNoBB", "JTTYzDOB", "kr4hjVby", "fove"),
      join("pplx_FAK", "E2spICcO", "299VQajV", "HjbHSrEA", "YcPaapxF", "TDVIbDSo", "eEKLn"),
    ],
  },
  "huggingface": {
    match: [
      join("hf_FAKEN", "40ovQTn4", "8lW8gTH1", "ttdXwPWY", "afPJI"),
      join("hf_FAKEJ", "fKHbSOvE", "0Pg6StI6", "tqjBv5rn", "aX4C8"),
      join("api_org_", "FAKEKg6p", "1lZGWl5e", "FGdNZdtu", "SzZlDqjw", "pu"),
      join("api_org_", "FAKEfDDo", "A19u4BGB", "aQf8HVQF", "64r7Cnke", "QX"),
    ],
    nearMiss: [
      join("hf_FAKEK", "OGCGw0FF", "jAzXd4kZ", "qIuexIR7", "PsgQ"),
      join("hf_FAKEC", "rbyixmAT", "tgRBxVsH", "Y0c85nFu", "JYUQ7I"),
      join("hf-FAKEG", "xNeKBamP", "n5a3x7fP", "6beayKhg", "QnjRi"),
      join("api_org_", "FAKEZqP2", "HhGGefyl", "dTfVC52p", "eVpmN6HW", "Z"),
      join("api_org-", "FAKE6Acl", "qWvAf9t0", "y378kYHK", "xKZcMlDZ", "e1"),
    ],
  },
  "replicate": {
    match: [
      join("r8_FAKEN", "bT09XC9t", "f3B2lhZV", "Jtz4VqbX", "BXjEXSVP"),
      join("r8_FAKE-", "BEnVHVr2", "W38qrY_X", "j087Wgxx", "3eD5AjoA"),
    ],
    nearMiss: [
      join("r8_FAKEF", "3SysarGk", "16Njfg_r", "1GoS_7VQ", "umNCDYk"),
      join("r8_FAKEA", "bWMVeLMZ", "pJ_6XHS1", "WGHwlRIO", "RHEQKidI", "P"),
      join("r9_FAKEz", "TGEz8VC8", "n9fQSn9q", "HLTFVixP", "pNMNhuOB"),
      join("r8_FAKEi", "-EQOzQ4E", "YDKHGH21", "EIKj3hq2", "z0daQi4."),
    ],
  },
  "cerebras": {
    match: [
      join("csk-fake", "e0d2cevl", "uxivkbl1", "qrzz3z3m", "grgyqk8e", "hvwb0ibe", "ksdl"),
      join("csk-fake", "8p5aaza6", "l5y55ajv", "jib7k36b", "u7zyzeiq", "1qzokvw6", "fnxa"),
    ],
    nearMiss: [
      join("csk-fake", "smbv4myv", "t8slemc1", "n9tcjuxq", "9tu7ewly", "9y1ui9ag", "6ui"),
      join("csk-fake", "gfhoyfum", "zup8l3uy", "drh27jx3", "mpcl2wnd", "gohy4z1y", "vn7c6"),
      join("csk_fake", "v8m87bqv", "6bl0g1ds", "ms7ypyx5", "ff3u8rae", "0jm1x48h", "ja98"),
      join("csk-fake", "0nkx5uyb", "8cq1tm5v", "qf5pafk7", "6ga75rwv", "uvxljyx5", "8b9Z"),
    ],
  },
  "azure-openai": {
    match: [
      join("deadbeef", "f990937b", "57868764", "ce477595"),
      join("fa4edead", "bef25597", "40238040", "35f3313f"),
    ],
    nearMiss: [
      join("deadbeef", "cb354864", "1614543e", "075fb21"),
      join("deadbeef", "ae20b8d5", "1ace3a1c", "a1aa711c", "c"),
      join("deadbeef", "c9aabaf1", "4f02fba2", "cab6eb1g"),
      join("deadbeef", "2502804b", "a6158ea4", "3fa133bA"),
    ],
  },
};
