package web

import (
	"container/list"
	"math"
	"sync"
	"time"
)

// limiter is a set of token buckets, one per key (a client IP, an email,
// a user id), of one Rate. It keeps at most max buckets: the least
// recently used is forgotten first, and a bucket idle long enough to be
// full again holds nothing, so it is dropped as soon as it is seen at the
// tail. Forgetting a bucket that was not full gives its key a fresh burst,
// which only a client spreading over more than max keys can use. A
// limiter is safe for concurrent use.
type limiter struct {
	perToken time.Duration // time to earn one token
	burst    float64
	max      int

	mu      sync.Mutex
	buckets map[string]*list.Element // of *bucket
	lru     list.List                // front: most recently used
}

type bucket struct {
	key    string
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

// newLimiter returns a limiter of r keeping at most max buckets, or nil
// for NoLimit; a nil limiter allows everything.
func newLimiter(r Rate, max int) *limiter {
	if r.unlimited() {
		return nil
	}
	return &limiter{
		perToken: r.Per / time.Duration(r.N),
		burst:    float64(r.burst()),
		max:      max,
		buckets:  make(map[string]*list.Element),
	}
}

// allow takes a token from key's bucket at now. When there is none it
// returns false and how long until there is.
func (l *limiter) allow(key string, now time.Time) (bool, time.Duration) {
	if l == nil {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	var b *bucket
	if e, ok := l.buckets[key]; ok {
		l.lru.MoveToFront(e)
		b = e.Value.(*bucket)
		b.refill(now, l)
	} else {
		b = &bucket{key: key, tokens: l.burst, at: now}
		l.buckets[key] = l.lru.PushFront(b)
		for len(l.buckets) > l.max {
			l.evict(l.lru.Back())
		}
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	wait := time.Duration(math.Ceil((1 - b.tokens) * float64(l.perToken)))
	return false, wait
}

// refill adds the tokens earned since b.at, up to the burst.
func (b *bucket) refill(now time.Time, l *limiter) {
	if elapsed := now.Sub(b.at); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+float64(elapsed)/float64(l.perToken))
		b.at = now
	}
}

// sweep drops, from the least recently used end, buckets that are full
// again by now: forgetting them changes nothing. It stops at the first
// that is not, so its cost is what it removes plus one.
func (l *limiter) sweep(now time.Time) {
	full := time.Duration(l.burst * float64(l.perToken))
	for e := l.lru.Back(); e != nil; e = l.lru.Back() {
		if now.Sub(e.Value.(*bucket).at) < full {
			return
		}
		l.evict(e)
	}
}

func (l *limiter) evict(e *list.Element) {
	delete(l.buckets, e.Value.(*bucket).key)
	l.lru.Remove(e)
}

// size returns how many buckets are kept, for tests.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.buckets)
}
