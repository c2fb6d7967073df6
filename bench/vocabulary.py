"""Words of the synthetic digests, drawn as often as words are in real text.

A real digest (``tests/data/seeds/``) uses 191 different English words in
its bullets' 355: a few function words ("the", "and", "of") again and again, and a
long tail of words used once.  What a page gives the search index, and so
what indexing, freezing and writing the index cost, depends on that tail.
So words are drawn from a vocabulary ranked by frequency with Zipf's law
(the word of rank r is drawn in proportion to 1/(r + 3); the commonest,
"the", is then 6% of the words, as in English text): function words
first, then the words of foreign-policy writing, in both languages.
"""

from __future__ import annotations

import itertools
import random

EN_FUNCTION = """the of and to in a that is for on as with by its it be are from has have at this
not but more than which will or their an was can would could should also may been were
they about into over between while after against both other such most these only""".split()

EN_CONTENT = """
china russia united states taiwan japan korea india europe ukraine beijing washington moscow
tokyo seoul taipei brussels london paris berlin canberra delhi manila hanoi jakarta
security alliance deterrence trade policy energy supply chain strategy region power economic
military technology diplomacy sanctions market growth risk cooperation border nuclear maritime
cyber climate finance investment industry labor election reform government minister president
leader leaders administration congress parliament party opposition coalition voters campaign
defense spending budget forces troops navy army air force missile missiles submarine carrier
exercise exercises drills strait sea pacific indo atlantic arctic south east west north
northeast southeast central asia african middle latin american european asian chinese russian
japanese korean indian ukrainian taiwanese western global international regional domestic
national local federal foreign strategic tactical political social cultural financial
commercial industrial digital semiconductor chips chip export exports import imports tariff
tariffs currency inflation interest rates debt deficit surplus bank banks capital markets
investors firms companies company manufacturing production factories workers jobs wages
income poverty inequality population aging migration refugees humanitarian aid assistance
development infrastructure ports railways pipeline pipelines gas oil coal renewable solar
wind batteries minerals rare earth lithium critical resources food water agriculture
emissions carbon warming adaptation transition green disaster resilience health
pandemic vaccine public private sector state nation nations country countries
society citizens rights human freedom democracy democratic authoritarian regime regimes
autocracy legitimacy rule law courts constitution sovereignty territorial integrity
dispute disputes claims island islands reef coast guard fishing vessels shipping lanes
navigation order rules based system institutions organization organizations
treaty treaties agreement agreements deal deals negotiation negotiations talks summit
dialogue engagement competition rivalry confrontation conflict war wars invasion
occupation ceasefire peace stability escalation crisis crises tension tensions threat
threats challenge challenges opportunity opportunities interests values
partners partner partnership partnerships allies ally friends neighbors bloc blocs
quad aukus nato asean g7 g20 council assembly commission union members
member membership enlargement expansion integration bilateral multilateral trilateral
unilateral approach approaches framework frameworks initiative initiatives belt road
program programs project projects plan plans goal goals objective objectives priority
priorities agenda vision doctrine posture presence footprint bases base access
deployment deployments capability capabilities capacity modernization procurement
shipbuilding arsenal stockpile weapons arms sales transfers
control proliferation nonproliferation warheads enrichment reactor reactors inspections
intelligence surveillance reconnaissance satellite satellites space launch artificial
data networks network internet platforms information disinformation
propaganda influence operations campaigns interference espionage hacking attacks attack
ransomware protection chains diversification decoupling
derisking reshoring friendshoring dependence dependency vulnerabilities vulnerability
leverage coercion pressure incentives costs benefits tradeoffs risks consequences
implications effects impact outcome outcomes result results scenario scenarios
analysts analysis experts scholars researchers report study survey evidence
argues argue argued suggests suggest notes note warns warn finds find shows show
believes believe claim says said according recent recently since until during
before ahead long short term years year decade decades months weeks century
history historical past present future current new old first second third last next
early late major minor key main core important significant serious severe
growing rising declining falling increasing decreasing stronger weaker greater lesser
higher lower larger smaller wider broader deeper closer limited full partial direct
indirect clear unclear likely unlikely possible impossible difficult easy costly cheap
effective ineffective successful failed failure success progress setback setbacks
response responses reaction reactions measures measure steps step actions
action decision decisions choices choice options option policies policymakers officials
diplomats generals commanders soldiers sailors businesses consumers producers
exporters importers lenders borrowers donors recipients students universities talent
education research innovation science scientific engineers engineering software
hardware computing quantum biotechnology telecommunications fifth generation standards
regulation regulations governance oversight transparency accountability corruption
reforms elections electoral turnout polls support protest protests
unrest continuity change shift shifts transformation rebalancing realignment
hedging balancing bandwagoning containment accommodation restraint primacy
credibility reputation signaling commitment commitments guarantees assurance reassurance
extended umbrella burden sharing contributions host
peninsula kuril senkaku paracel spratly scarborough philippines vietnam indonesia
malaysia singapore thailand australia zealand canada mexico brazil argentina chile
africa nigeria kenya ethiopia egypt saudi arabia iran iraq israel gaza syria turkey
pakistan afghanistan bangladesh sri lanka myanmar cambodia laos mongolia kazakhstan
germany france britain italy spain poland hungary sweden finland norway baltic
""".split()

ZH_FUNCTION = "的 在 與 對 將 並 及 以及 是 也 已 其 為 而 但 和 於 之 所 被 由 從 到 更 最 不 有".split()

ZH_CONTENT = """
美國 中國 臺灣 日本 南韓 印度 歐洲 烏克蘭 俄羅斯 北京 華府 莫斯科 東京 首爾 台北 布魯塞爾 倫敦 巴黎 柏林
安全 同盟 嚇阻 貿易 政策 能源 供應鏈 戰略 區域 權力 經濟 軍事 科技 外交 制裁 市場 成長 風險 合作 邊境
核武 海洋 網路 氣候 金融 投資 產業 勞動 選舉 改革 政府 部長 總統 領導人 行政部門 國會 議會 政黨 反對黨
聯盟 選民 競選 國防 支出 預算 部隊 軍隊 海軍 陸軍 空軍 飛彈 潛艦 航艦 演習 軍演 海峽 太平洋 印太
大西洋 北極 南海 東海 東北亞 東南亞 中亞 非洲 中東 拉丁美洲 歐盟 亞洲 西方 全球 國際 區域性 國內
國家 地方 聯邦 對外 戰術 政治 社會 文化 財政 商業 工業 數位 半導體 晶片 出口 進口 關稅 貨幣 通膨
利率 債務 赤字 順差 銀行 資本 投資人 企業 公司 製造業 生產 工廠 工人 就業 薪資 所得 貧窮 不平等
人口 高齡化 移民 難民 人道 援助 發展 基礎建設 港口 鐵路 管線 天然氣 石油 煤炭 再生能源 太陽能 風電
電池 礦產 稀土 鋰 關鍵 資源 糧食 水資源 農業 排放 碳 暖化 調適 轉型 綠色 災害 韌性 衛生 疫情 疫苗
公共 私部門 公民 人權 自由 民主 威權 政權 專制 正當性 法治 法院 憲法 主權 領土 完整 爭端 主張 島嶼
島礁 海岸 海巡 漁業 船隻 航運 航道 航行 秩序 規則 體系 制度 組織 條約 協定 協議 交易 談判 會談
峰會 對話 接觸 競爭 對抗 衝突 戰爭 入侵 占領 停火 和平 穩定 升級 危機 緊張 威脅 挑戰 機會 利益
價值 夥伴 夥伴關係 盟友 鄰國 集團 四方安全對話 北約 東協 七大工業國 聯合國 理事會 委員會 成員 成員國
擴大 整合 雙邊 多邊 三邊 單邊 途徑 框架 倡議 一帶一路 計畫 專案 目標 優先 議程 願景 準則 態勢 駐軍
基地 部署 能力 產能 現代化 採購 國防工業 造船 軍火 庫存 武器 軍售 移轉 管制 擴散 防擴散 彈頭 濃縮
反應爐 檢查 情報 監視 偵察 衛星 太空 發射 人工智慧 數據 網絡 平台 資訊 假訊息 宣傳 影響力 行動
干預 間諜 駭客 攻擊 勒索軟體 保護 多元化 脫鉤 去風險 回流 友岸外包 依賴 弱點 槓桿 脅迫 壓力 誘因
成本 效益 取捨 後果 意涵 效應 衝擊 結果 情境 分析師 分析 專家 學者 研究人員 研究 調查 證據
認為 指出 警告 發現 顯示 相信 表示 根據 近期 最近 期間 之前 之後 長期 短期 年度 十年 數月 世紀
歷史 過去 現在 未來 目前 新的 首先 其次 最後 下一步 主要 核心 重要 重大 嚴重 日益 上升 下降 增加
減少 更強 更弱 更大 更高 更低 更廣 更深 更近 有限 全面 部分 直接 間接 明確 可能 困難 昂貴 有效
成功 失敗 進展 挫折 回應 反應 措施 步驟 決策 選擇 選項 決策者 官員 外交官 將領 指揮官 士兵 企業界
消費者 生產者 出口商 貸款 捐助國 學生 大學 人才 教育 創新 科學 工程師 軟體 硬體 運算 量子 生物科技
電信 第五代 標準 監管 法規 治理 監督 透明 問責 貪腐 投票率 民調 抗議 動盪 延續 變化 轉變 再平衡
重組 避險 平衡 圍堵 包容 克制 主導地位 可信度 聲譽 信號 承諾 保證 安撫 延伸嚇阻 核保護傘 負擔分攤
貢獻 地主國 半島 千島群島 釣魚臺 西沙 南沙 黃岩島 菲律賓 越南 印尼 馬來西亞 新加坡 泰國 澳洲 紐西蘭
加拿大 墨西哥 巴西 阿根廷 智利 奈及利亞 肯亞 衣索比亞 埃及 沙烏地阿拉伯 伊朗 伊拉克 以色列 加薩 敘利亞
土耳其 巴基斯坦 阿富汗 孟加拉 斯里蘭卡 緬甸 柬埔寨 寮國 蒙古 哈薩克 德國 法國 英國 義大利 西班牙 波蘭
匈牙利 瑞典 芬蘭 挪威 波羅的海 需要 持續 面臨 影響 問題 關係 地區 報告 作者 建議 提升 加強
維持 情勢 穩定性 共識 分歧 立場 角色 責任 聲明 演說 文件 戰略自主 地緣政治 權力平衡 大國 強權 霸權
""".split()


def zipf_weights(count: int) -> list[float]:
    """Cumulative weights for ``random.choices``: rank r drawn in proportion to 1/(r + 3)."""
    return list(itertools.accumulate(1 / (rank + 3) for rank in range(count)))


def ranked(function_words: list[str], content_words: list[str], seed: int) -> list[str]:
    """The function words first, then the content words in an order fixed by ``seed``
    (so that which words are common does not follow the order they are listed in)."""
    content = list(content_words)
    random.Random(seed).shuffle(content)
    return [*function_words, *content]


EN_RANKED = ranked(EN_FUNCTION, EN_CONTENT, seed=1)
EN_WEIGHTS = zipf_weights(len(EN_RANKED))
ZH_RANKED = ranked(ZH_FUNCTION, ZH_CONTENT, seed=2)
ZH_WEIGHTS = zipf_weights(len(ZH_RANKED))
