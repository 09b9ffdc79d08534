package backup

func (s *Service) guardConfig(dir string) ([]Reset, error) { return []Reset{}, nil }

type Reset struct {
	Key     string `json:"key"`
	Archive string `json:"archive"`
	Kept    string `json:"kept"`
	Message string `json:"message"`
}
