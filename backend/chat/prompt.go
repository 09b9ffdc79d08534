package chat

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// SystemPrompt is the instruction every answer is generated under: answer
// only from the numbered passages, cite them as [n], keep commands and job
// scripts exact, and reply in the user's language.
const SystemPrompt = `あなたは九州大学のスーパーコンピュータ「玄界」などの利用者向けドキュメントに基づいて質問に答えるアシスタントです。
次の規則を必ず守ってください。
1. 「資料」として渡された文章に書かれている内容だけを使って答えてください。資料に書かれていないことは推測せず、「資料には記載がありません」と答えてください。
2. 根拠にした資料の番号を、文中に [1]、[2] のように示してください。
3. コマンド、オプション、ジョブスクリプト、パス名は資料の通り一字一句正確に、コードブロックで示してください。
4. 質問と同じ言語で答えてください（日本語の質問には日本語で、英語の質問には英語で）。
5. 簡潔に、手順がある場合は番号付きの箇条書きで答えてください。`

// followUpMarkers are words that make a question lean on the previous one.
var followUpMarkers = []string{
	"それ", "その", "これ", "この", "あれ", "あの", "そこ", "ここ", "他に", "ほかに", "では", "じゃあ", "続き", "さっき", "前の", "同じ",
	" it ", " it?", " that", " those", " them", " this", " also", " instead", " same",
}

// RetrievalQuery returns the text to search for: the question itself, or,
// for a follow-up that leans on the conversation (short, or with words such
// as それ/その/this/that), the previous question followed by this one.
func RetrievalQuery(question string, history []store.Message) string {
	var prev string
	for i := len(history) - 1; i >= 0; i-- {
		if history[i].Role == "user" {
			prev = history[i].Content
			break
		}
	}
	if prev == "" {
		return question
	}
	lower := " " + strings.ToLower(question) + " "
	follow := utf8.RuneCountInString(question) <= 12
	for _, m := range followUpMarkers {
		if strings.Contains(lower, m) {
			follow = true
			break
		}
	}
	if !follow {
		return question
	}
	return prev + " " + question
}

// Evidence measures how well the best of the first three hits covers the
// query: the largest share of the query's content terms (hiragana-only
// terms such as particles left out) found in a hit's title, section or
// text. 0 means no overlap, 1 every term.
func Evidence(query string, hits []search.Hit) float64 {
	var terms []string
	seen := map[string]bool{}
	for _, t := range search.Terms(query) {
		if seen[t] || kanaOnly(t) || stopWords[t] {
			continue
		}
		seen[t] = true
		terms = append(terms, t)
	}
	if len(terms) == 0 {
		return 0
	}
	best := 0.0
	for i, h := range hits {
		if i == 3 {
			break
		}
		have := map[string]bool{}
		for _, t := range search.Terms(h.Title + " " + h.Section + " " + h.Text) {
			have[t] = true
		}
		n := 0
		for _, t := range terms {
			if have[t] {
				n++
			}
		}
		best = max(best, float64(n)/float64(len(terms)))
	}
	return best
}

// stopWords are English function words left out of Evidence.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the i me my we you your it its is are was be been do does did can could
		how what which who where when why to of in on at for with by from as and or not no this that these those
		there here use using get have has about into if then than so should would will`) {
		m[w] = true
	}
	return m
}()

func kanaOnly(t string) bool {
	for _, r := range t {
		if !unicode.Is(unicode.Hiragana, r) {
			return false
		}
	}
	return true
}

// Prompt builds the messages for the model: the system prompt, up to turns
// earlier question/answer pairs, and the question with the numbered
// passages (each cut to passageRunes).
func Prompt(question string, history []store.Message, hits []search.Hit, turns, passageRunes int) []Turn {
	msgs := []Turn{{Role: "system", Content: SystemPrompt}}
	msgs = append(msgs, recent(history, turns)...)
	var b strings.Builder
	b.WriteString("資料:\n")
	for i, h := range hits {
		fmt.Fprintf(&b, "\n[%d] %s", i+1, h.Title)
		if h.Section != "" && h.Section != h.Title {
			fmt.Fprintf(&b, " — %s", h.Section)
		}
		if h.URL != "" {
			fmt.Fprintf(&b, " (%s)", h.URL)
		}
		b.WriteString("\n")
		b.WriteString(cut(h.Text, passageRunes))
		b.WriteString("\n")
	}
	b.WriteString("\n質問: ")
	b.WriteString(question)
	msgs = append(msgs, Turn{Role: "user", Content: b.String()})
	return msgs
}

// recent returns the last n complete question/answer pairs of history,
// answers without their passages.
func recent(history []store.Message, n int) []Turn {
	var pairs [][2]string
	for i := 0; i+1 < len(history); i++ {
		q, a := history[i], history[i+1]
		if q.Role == "user" && a.Role == "assistant" && a.Kind == KindAnswer && a.Status == "complete" {
			pairs = append(pairs, [2]string{q.Content, a.Content})
			i++
		}
	}
	if len(pairs) > n {
		pairs = pairs[len(pairs)-n:]
	}
	out := make([]Turn, 0, 2*len(pairs))
	for _, p := range pairs {
		out = append(out, Turn{Role: "user", Content: p[0]}, Turn{Role: "assistant", Content: cut(p[1], 1500)})
	}
	return out
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// japanese reports whether s contains kana or kanji.
func japanese(s string) bool {
	for _, r := range s {
		if unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han) {
			return true
		}
	}
	return false
}

func pageList(cites []Citation) string {
	var b strings.Builder
	for _, c := range cites {
		name := c.Title
		if c.Section != "" && c.Section != c.Title {
			name += " — " + c.Section
		}
		fmt.Fprintf(&b, "\n- [%d] %s %s", c.N, name, c.URL)
	}
	return b.String()
}

func refusalText(question string, cites []Citation) string {
	if japanese(question) {
		if len(cites) == 0 {
			return "登録されているドキュメントには、この質問に答える情報が見つかりませんでした。ライブラリで対象のサイトやフォルダを同期しているか確認してください。"
		}
		return "登録されているドキュメントには、この質問に答える情報が見つかりませんでした。推測で答えることはしません。関連しそうなページ:" + pageList(cites)
	}
	if len(cites) == 0 {
		return "The documents do not cover this question. Check in the Library that the right site or folder is synced."
	}
	return "The documents do not cover this question, so I will not guess. The nearest pages:" + pageList(cites)
}

func searchResultsText(question string, cites []Citation) string {
	if len(cites) == 0 {
		if japanese(question) {
			return "検索結果はありません。"
		}
		return "No passages found."
	}
	if japanese(question) {
		return "チャットモデルが使えないため、検索結果を表示します:" + pageList(cites)
	}
	return "No chat model is available, so here are the search results:" + pageList(cites)
}

func noteNoModel(question, why string) string {
	msg := "チャットモデルが使えないため、回答の代わりに検索結果を表示しています。モデル画面でモデルを選ぶかダウンロードしてください。"
	if !japanese(question) {
		msg = "No chat model is available, so these are search results, not an answer. Choose or download a model on the Models page."
	}
	if why != "" {
		msg += " (" + why + ")"
	}
	return msg
}
