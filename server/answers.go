package server

import (
	"github.com/optirace/optirace/model"
	"golang.org/x/time/rate"
)

// How fast one session may answer the class's questions: a student
// changing their mind votes a few times a second; one who holds a key down,
// or sends thousands of keys a second, is refused beyond that, so that what
// they send costs the class nothing but their own answer.
const (
	answersPerSecond = 10
	answerBurst      = 10
)

// answerLimited is a viewer's classroom whose answers are rate-limited per
// session.
type answerLimited struct {
	model.Classroom
	limit *rate.Limiter
}

// limitAnswers returns room with its answers limited to answersPerSecond
// (answerBurst at once); nil stays nil.
func limitAnswers(room model.Classroom) model.Classroom {
	if room == nil {
		return nil
	}
	return answerLimited{Classroom: room, limit: rate.NewLimiter(answersPerSecond, answerBurst)}
}

// Answer implements model.Classroom: refused, with a line that says so,
// beyond the session's rate.
func (a answerLimited) Answer(ans model.Answer) string {
	if !a.limit.Allow() {
		return "too many answers at once: wait a moment and answer again"
	}
	return a.Classroom.Answer(ans)
}
