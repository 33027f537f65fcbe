/*
 * text.c
 *	  Pseudo-text for the comment columns (TPC-H clause 4.2.2.14).
 *
 *	  The grammar, with the relative weight of each production:
 *
 *		sentence   : NP VP T (3) | NP VP PP T (3) | NP VP NP T (3)
 *		           | NP PP VP NP T (1) | NP PP VP PP T (1)
 *		NP         : noun (10) | adj noun (20) | adj, adj noun (10)
 *		           | adverb adj noun (50)
 *		VP         : verb (30) | aux verb (1) | verb adverb (40)
 *		           | aux verb adverb (1)
 *		PP         : preposition "the" NP
 *		T          : . ; : ? ! --
 *
 *	  Words are picked from the weighted lists below; the weights give the
 *	  familiar dbgen flavour ("furiously regular requests sleep ...").  The
 *	  pool is cut into 1 MiB segments, each filled from its own random
 *	  stream, so it can be built by several threads with the same result.
 *
 *	  INTERFACE ROUTINES: text_pool_build, text_pool_free, text_sentence
 */
#include "text.h"

#include <stdlib.h>
#include <string.h>

#include "driver.h"

typedef struct Word
{
	const char *text;
	uint16_t	weight;
} Word;

static const Word nouns[] = {
	{"packages", 40}, {"requests", 40}, {"accounts", 40}, {"deposits", 40},
	{"foxes", 20}, {"ideas", 20}, {"theodolites", 20}, {"pinto beans", 20},
	{"instructions", 20}, {"dependencies", 10}, {"excuses", 10},
	{"platelets", 10}, {"asymptotes", 10}, {"courts", 5}, {"dolphins", 5},
	{"multipliers", 1}, {"sauternes", 1}, {"warthogs", 1}, {"frets", 1},
	{"dinos", 1}, {"attainments", 1}, {"somas", 1}, {"Tiresias", 1},
	{"patterns", 1}, {"forges", 1}, {"braids", 1}, {"hockey players", 1},
	{"frays", 1}, {"warhorses", 1}, {"dugouts", 1}, {"notornis", 1},
	{"epitaphs", 1}, {"pearls", 1}, {"tithes", 1}, {"waters", 1},
	{"orbits", 1}, {"gifts", 1}, {"sheaves", 1}, {"depths", 1},
	{"sentiments", 1}, {"decoys", 1}, {"realms", 1}, {"pains", 1},
	{"grouches", 1}, {"escapades", 1},
};

static const Word verbs[] = {
	{"sleep", 20}, {"wake", 20}, {"are", 20}, {"cajole", 20}, {"haggle", 20},
	{"nag", 10}, {"use", 10}, {"boost", 10}, {"affix", 5}, {"detect", 5},
	{"integrate", 5}, {"maintain", 1}, {"nod", 1}, {"was", 1}, {"lose", 1},
	{"sublate", 1}, {"solve", 1}, {"thrash", 1}, {"promise", 1},
	{"engage", 1}, {"hinder", 1}, {"print", 1}, {"x-ray", 1}, {"breach", 1},
	{"eat", 1}, {"grow", 1}, {"impress", 1}, {"mold", 1}, {"poach", 1},
	{"serve", 1}, {"run", 1}, {"dazzle", 1}, {"snooze", 1}, {"doze", 1},
	{"unwind", 1}, {"kindle", 1}, {"play", 1}, {"hang", 1}, {"believe", 1},
	{"doubt", 1},
};

static const Word adjectives[] = {
	{"furious", 1}, {"sly", 1}, {"careful", 1}, {"blithe", 1}, {"quick", 1},
	{"fluffy", 1}, {"slow", 1}, {"quiet", 1}, {"ruthless", 1}, {"thin", 1},
	{"close", 1}, {"dogged", 1}, {"daring", 1}, {"brave", 1},
	{"stealthy", 1}, {"permanent", 1}, {"enticing", 1}, {"idle", 1},
	{"busy", 1}, {"regular", 50}, {"final", 40}, {"ironic", 40},
	{"even", 30}, {"bold", 20}, {"silent", 10}, {"special", 20},
	{"pending", 20}, {"unusual", 20}, {"express", 20},
};

static const Word adverbs[] = {
	{"sometimes", 1}, {"always", 1}, {"never", 1}, {"furiously", 50},
	{"slyly", 50}, {"carefully", 50}, {"blithely", 40}, {"quickly", 30},
	{"fluffily", 20}, {"slowly", 1}, {"quietly", 1}, {"ruthlessly", 1},
	{"thinly", 1}, {"closely", 1}, {"doggedly", 1}, {"daringly", 1},
	{"bravely", 1}, {"stealthily", 1}, {"permanently", 1},
	{"enticingly", 1}, {"idly", 1}, {"busily", 1}, {"regularly", 1},
	{"finally", 1}, {"ironically", 1}, {"evenly", 1}, {"boldly", 1},
	{"silently", 1},
};

static const Word prepositions[] = {
	{"about", 50}, {"above", 50}, {"according to", 50}, {"across", 50},
	{"after", 50}, {"against", 50}, {"along", 50}, {"alongside of", 50},
	{"among", 50}, {"around", 50}, {"at", 50}, {"atop", 1}, {"before", 1},
	{"behind", 1}, {"beneath", 1}, {"beside", 1}, {"besides", 1},
	{"between", 1}, {"beyond", 1}, {"by", 1}, {"despite", 1}, {"during", 1},
	{"except", 1}, {"for", 1}, {"from", 1}, {"in place of", 1},
	{"inside", 1}, {"instead of", 1}, {"into", 1}, {"near", 1}, {"of", 1},
	{"on", 1}, {"outside", 1}, {"over", 1}, {"past", 1}, {"since", 1},
	{"through", 1}, {"throughout", 1}, {"to", 1}, {"toward", 1},
	{"under", 1}, {"until", 1}, {"up", 1}, {"upon", 1}, {"without", 1},
	{"with", 1}, {"within", 1},
};

static const Word auxiliaries[] = {
	{"do", 1}, {"may", 1}, {"might", 1}, {"shall", 1}, {"will", 1},
	{"would", 1}, {"can", 1}, {"could", 1}, {"should", 1}, {"ought to", 1},
	{"must", 1}, {"will have to", 1}, {"shall have to", 1},
	{"could have to", 1}, {"should have to", 1}, {"must have to", 1},
	{"need to", 1}, {"try to", 1},
};

static const Word terminators[] = {
	{".", 50}, {";", 1}, {":", 1}, {"?", 1}, {"!", 1}, {"--", 1},
};

/*
 * Productions, as strings of symbols: N noun, J adjective, D adverb,
 * V verb, X auxiliary, P prepositional phrase, n noun phrase, v verb
 * phrase, ',' a comma after the previous word.
 */
static const Word sentences[] = {
	{"nvT", 3}, {"nvPT", 3}, {"nvnT", 3}, {"nPvnT", 1}, {"nPvPT", 1},
};
static const Word noun_phrases[] = {
	{"N", 10}, {"JN", 20}, {"J,JN", 10}, {"DJN", 50},
};
static const Word verb_phrases[] = {
	{"V", 30}, {"XV", 1}, {"VD", 40}, {"XVD", 1},
};

#define NELEM(a) ((int) (sizeof(a) / sizeof((a)[0])))

/*
 * A Picker maps a uniform draw over the total weight to a list index
 * through a table with one entry per unit of weight.
 */
typedef struct Picker
{
	const Word *words;
	uint8_t	   *table;
	int			total;
} Picker;

enum
{
	PK_NOUN, PK_VERB, PK_ADJ, PK_ADV, PK_PREP, PK_AUX, PK_TERM,
	PK_SENT, PK_NP, PK_VP, PK_COUNT
};

static Picker pickers[PK_COUNT];
static uint8_t word_len[PK_COUNT][64];

static void
picker_init(int id, const Word *words, int n)
{
	Picker	   *p = &pickers[id];
	int			total = 0;
	int			k = 0;

	for (int i = 0; i < n; i++)
	{
		total += words[i].weight;
		word_len[id][i] = (uint8_t) strlen(words[i].text);
	}
	p->words = words;
	p->total = total;
	p->table = malloc((size_t) total);
	if (p->table == NULL)
		abort();
	for (int i = 0; i < n; i++)
		for (int w = 0; w < words[i].weight; w++)
			p->table[k++] = (uint8_t) i;
}

static void
pickers_init(void)
{
	if (pickers[PK_NOUN].table != NULL)
		return;
	picker_init(PK_NOUN, nouns, NELEM(nouns));
	picker_init(PK_VERB, verbs, NELEM(verbs));
	picker_init(PK_ADJ, adjectives, NELEM(adjectives));
	picker_init(PK_ADV, adverbs, NELEM(adverbs));
	picker_init(PK_PREP, prepositions, NELEM(prepositions));
	picker_init(PK_AUX, auxiliaries, NELEM(auxiliaries));
	picker_init(PK_TERM, terminators, NELEM(terminators));
	picker_init(PK_SENT, sentences, NELEM(sentences));
	picker_init(PK_NP, noun_phrases, NELEM(noun_phrases));
	picker_init(PK_VP, verb_phrases, NELEM(verb_phrases));
}

static int
pick(Rng *r, int id)
{
	return pickers[id].table[rng_range(r, 0, pickers[id].total - 1)];
}

/* put_word appends a word of list id, preceded by a space unless first. */
static char *
put_word(char *out, const char *start, Rng *r, int id)
{
	int			i = pick(r, id);

	if (out != start)
		*out++ = ' ';
	memcpy(out, pickers[id].words[i].text, word_len[id][i]);
	return out + word_len[id][i];
}

/* expand writes the symbols of a production, recursing into phrases. */
static char *
expand(char *out, const char *start, Rng *r, const char *symbols)
{
	for (const char *s = symbols; *s != '\0'; s++)
	{
		switch (*s)
		{
			case 'N':
				out = put_word(out, start, r, PK_NOUN);
				break;
			case 'J':
				out = put_word(out, start, r, PK_ADJ);
				break;
			case 'D':
				out = put_word(out, start, r, PK_ADV);
				break;
			case 'V':
				out = put_word(out, start, r, PK_VERB);
				break;
			case 'X':
				out = put_word(out, start, r, PK_AUX);
				break;
			case ',':
				*out++ = ',';
				break;
			case 'n':
				out = expand(out, start, r, noun_phrases[pick(r, PK_NP)].text);
				break;
			case 'v':
				out = expand(out, start, r, verb_phrases[pick(r, PK_VP)].text);
				break;
			case 'P':
				out = put_word(out, start, r, PK_PREP);
				memcpy(out, " the", 4);
				out += 4;
				out = expand(out, start, r, noun_phrases[pick(r, PK_NP)].text);
				break;
			case 'T':
				{
					int			i = pick(r, PK_TERM);

					memcpy(out, terminators[i].text, word_len[PK_TERM][i]);
					out += word_len[PK_TERM][i];
				}
				break;
		}
	}
	return out;
}

/*
 * text_sentence writes one sentence followed by a space into out (at least
 * TEXT_SENTENCE_MAX bytes) and returns its length.
 */
size_t
text_sentence(Rng *r, char *out)
{
	char	   *end;

	pickers_init();
	end = expand(out, out, r, sentences[pick(r, PK_SENT)].text);
	*end++ = ' ';
	return (size_t) (end - out);
}

#define SEGMENT_SIZE ((size_t) 1 << 20)

typedef struct PoolJob
{
	TextPool   *pool;
	uint64_t	seed;
} PoolJob;

/* fill_segment fills segment i of the pool from its own stream. */
static void
fill_segment(void *arg, int64_t i)
{
	PoolJob    *job = arg;
	size_t		start = (size_t) i * SEGMENT_SIZE;
	size_t		end = start + SEGMENT_SIZE;
	char		sentence[TEXT_SENTENCE_MAX];
	Rng			r;

	if (end > job->pool->len)
		end = job->pool->len;
	rng_seed(&r, job->seed, RNG_TEXT, (uint64_t) i);
	while (start < end)
	{
		size_t		n = text_sentence(&r, sentence);

		if (n > end - start)
			n = end - start;
		memcpy(job->pool->buf + start, sentence, n);
		start += n;
	}
}

/*
 * text_pool_build allocates and fills a pool of len bytes using up to jobs
 * threads; the content depends only on len and seed.
 */
bool
text_pool_build(TextPool *pool, size_t len, uint64_t seed, int jobs)
{
	PoolJob		job;

	pickers_init();
	pool->len = len;
	pool->buf = malloc(len);
	if (pool->buf == NULL)
		return false;
	job.pool = pool;
	job.seed = seed;
	return par_for(jobs, (int64_t) ((len + SEGMENT_SIZE - 1) / SEGMENT_SIZE),
				   fill_segment, &job);
}

/* text_pool_free releases the pool's buffer. */
void
text_pool_free(TextPool *pool)
{
	free(pool->buf);
	pool->buf = NULL;
	pool->len = 0;
}
